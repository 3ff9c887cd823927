// Peer credentials of a connected Unix socket, for SystemdIntegration.
// Swift's Glibc module is built without _GNU_SOURCE, so `struct ucred` is invisible there; the .c file
// defines it before any header and hands back plain integers instead.
#ifndef RETURNSTATION_CPEERCREDENTIALS_H
#define RETURNSTATION_CPEERCREDENTIALS_H

#include <sys/types.h>

/// getsockopt(fd, SOL_SOCKET, SO_PEERCRED): the pid, uid and gid the peer had when it connected
/// (or when socketpair(2) made the pair). Returns 0, or -1 with errno set (EINTR is retried inside).
int cpc_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

#endif
