// Kernel ABI facts for ScannerInput, taken from the platform's own headers so nothing is hard-coded in
// Swift: the `struct input_event` layout (which differs between 64-bit and 32-bit time ABIs) and the
// ioctl request numbers, which the _IOC macros encode per architecture.
#ifndef RETURNSTATION_CINPUTSHIM_H
#define RETURNSTATION_CINPUTSHIM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/input.h>
#include <linux/hidraw.h>

/// Size in bytes of one `struct input_event` as read(2) delivers it from /dev/input/eventN.
static inline size_t cis_input_event_size(void) { return sizeof(struct input_event); }

/// Decodes one event from `bytes` (at least cis_input_event_size() bytes; any alignment).
/// Goes through the header's input_event_sec/usec names because the field names differ between ABIs.
static inline void cis_input_event_decode(const void *bytes, int64_t *sec, int64_t *usec,
                                          uint16_t *type, uint16_t *code, int32_t *value) {
    struct input_event ev;
    memcpy(&ev, bytes, sizeof ev);
    *sec = (int64_t)ev.input_event_sec;
    *usec = (int64_t)ev.input_event_usec;
    *type = ev.type;
    *code = ev.code;
    *value = ev.value;
}

/// Encodes one event into `bytes` (cis_input_event_size() bytes) exactly as the kernel lays it out.
static inline void cis_input_event_encode(void *bytes, int64_t sec, int64_t usec,
                                          uint16_t type, uint16_t code, int32_t value) {
    struct input_event ev;
    memset(&ev, 0, sizeof ev);
    ev.input_event_sec = sec;
    ev.input_event_usec = usec;
    ev.type = type;
    ev.code = code;
    ev.value = value;
    memcpy(bytes, &ev, sizeof ev);
}

// ioctl request numbers, computed by the C preprocessor from the kernel's own macros.
static inline unsigned long cis_eviocgname(unsigned int len) { return EVIOCGNAME(len); }
static inline unsigned long cis_eviocgphys(unsigned int len) { return EVIOCGPHYS(len); }
static inline unsigned long cis_eviocguniq(unsigned int len) { return EVIOCGUNIQ(len); }
static inline unsigned long cis_eviocgid(void) { return EVIOCGID; }
static inline unsigned long cis_eviocgrab(void) { return EVIOCGRAB; }
static inline unsigned long cis_eviocsclockid(void) { return EVIOCSCLOCKID; }
static inline unsigned long cis_hidiocgrdescsize(void) { return HIDIOCGRDESCSIZE; }
static inline unsigned long cis_hidiocgrdesc(void) { return HIDIOCGRDESC; }
static inline unsigned long cis_hidiocgrawinfo(void) { return HIDIOCGRAWINFO; }
static inline unsigned long cis_hidiocgrawname(unsigned int len) { return HIDIOCGRAWNAME(len); }
static inline unsigned long cis_hidiocgrawuniq(unsigned int len) { return HIDIOCGRAWUNIQ(len); }

static inline size_t cis_input_id_size(void) { return sizeof(struct input_id); }
static inline size_t cis_hidraw_report_descriptor_size(void) { return sizeof(struct hidraw_report_descriptor); }
static inline size_t cis_hidraw_max_descriptor_size(void) { return HID_MAX_DESCRIPTOR_SIZE; }

#endif
