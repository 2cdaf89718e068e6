/* Host errno values mapped to WASI's. */
#include <errno.h>

#include "wasi/wasi.h"

uint32_t wz_errno(int e)
{
    switch (e) {
    case 0: return WZ_SUCCESS;
    case E2BIG: return WZ_2BIG;
    case EACCES: return WZ_ACCES;
    case EADDRINUSE: return WZ_ADDRINUSE;
    case EADDRNOTAVAIL: return WZ_ADDRNOTAVAIL;
    case EAFNOSUPPORT: return WZ_AFNOSUPPORT;
    case EAGAIN: return WZ_AGAIN;
    case EALREADY: return WZ_ALREADY;
    case EBADF: return WZ_BADF;
    case EBADMSG: return WZ_BADMSG;
    case EBUSY: return WZ_BUSY;
    case ECANCELED: return WZ_CANCELED;
    case ECHILD: return WZ_CHILD;
    case ECONNABORTED: return WZ_CONNABORTED;
    case ECONNREFUSED: return WZ_CONNREFUSED;
    case ECONNRESET: return WZ_CONNRESET;
    case EDEADLK: return WZ_DEADLK;
    case EDESTADDRREQ: return WZ_DESTADDRREQ;
    case EDOM: return WZ_DOM;
    case EDQUOT: return WZ_DQUOT;
    case EEXIST: return WZ_EXIST;
    case EFAULT: return WZ_FAULT;
    case EFBIG: return WZ_FBIG;
    case EHOSTUNREACH: return WZ_HOSTUNREACH;
    case EIDRM: return WZ_IDRM;
    case EILSEQ: return WZ_ILSEQ;
    case EINPROGRESS: return WZ_INPROGRESS;
    case EINTR: return WZ_INTR;
    case EINVAL: return WZ_INVAL;
    case EIO: return WZ_IO;
    case EISCONN: return WZ_ISCONN;
    case EISDIR: return WZ_ISDIR;
    case ELOOP: return WZ_LOOP;
    case EMFILE: return WZ_MFILE;
    case EMLINK: return WZ_MLINK;
    case EMSGSIZE: return WZ_MSGSIZE;
    case EMULTIHOP: return WZ_MULTIHOP;
    case ENAMETOOLONG: return WZ_NAMETOOLONG;
    case ENETDOWN: return WZ_NETDOWN;
    case ENETRESET: return WZ_NETRESET;
    case ENETUNREACH: return WZ_NETUNREACH;
    case ENFILE: return WZ_NFILE;
    case ENOBUFS: return WZ_NOBUFS;
    case ENODEV: return WZ_NODEV;
    case ENOENT: return WZ_NOENT;
    case ENOEXEC: return WZ_NOEXEC;
    case ENOLCK: return WZ_NOLCK;
    case ENOLINK: return WZ_NOLINK;
    case ENOMEM: return WZ_NOMEM;
    case ENOMSG: return WZ_NOMSG;
    case ENOPROTOOPT: return WZ_NOPROTOOPT;
    case ENOSPC: return WZ_NOSPC;
    case ENOSYS: return WZ_NOSYS;
    case ENOTCONN: return WZ_NOTCONN;
    case ENOTDIR: return WZ_NOTDIR;
    case ENOTEMPTY: return WZ_NOTEMPTY;
    case ENOTRECOVERABLE: return WZ_NOTRECOVERABLE;
    case ENOTSOCK: return WZ_NOTSOCK;
    case ENOTSUP: return WZ_NOTSUP;
    case ENOTTY: return WZ_NOTTY;
    case ENXIO: return WZ_NXIO;
    case EOVERFLOW: return WZ_OVERFLOW;
    case EOWNERDEAD: return WZ_OWNERDEAD;
    case EPERM: return WZ_PERM;
    case EPIPE: return WZ_PIPE;
    case EPROTO: return WZ_PROTO;
    case EPROTONOSUPPORT: return WZ_PROTONOSUPPORT;
    case EPROTOTYPE: return WZ_PROTOTYPE;
    case ERANGE: return WZ_RANGE;
    case EROFS: return WZ_ROFS;
    case ESPIPE: return WZ_SPIPE;
    case ESRCH: return WZ_SRCH;
    case ESTALE: return WZ_STALE;
    case ETIMEDOUT: return WZ_TIMEDOUT;
    case ETXTBSY: return WZ_TXTBSY;
    case EXDEV: return WZ_XDEV;
    default: return WZ_IO;
    }
}
