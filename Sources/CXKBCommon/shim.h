// Umbrella for libxkbcommon (Debian: libxkbcommon-dev, plus xkb-data for the keymaps themselves).
#include <xkbcommon/xkbcommon.h>
