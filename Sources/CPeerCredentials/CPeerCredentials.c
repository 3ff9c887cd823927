// Must come before every header: it is what makes <sys/socket.h> declare `struct ucred`.
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include "CPeerCredentials.h"

int cpc_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid) {
    struct ucred cred;
    socklen_t len = sizeof cred;
    int rc;
    do {
        rc = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
    } while (rc == -1 && errno == EINTR);
    if (rc == -1) return -1;
    if (len != sizeof cred) {
        // Only a kernel far older than anything systemd runs on would answer short; refuse to guess.
        errno = EPROTO;
        return -1;
    }
    *pid = cred.pid;
    *uid = cred.uid;
    *gid = cred.gid;
    return 0;
}
