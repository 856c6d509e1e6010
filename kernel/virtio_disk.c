/*
 * virtio block device driver (virtio-mmio, version 2).
 *
 * Overview    The disk holding fs.img.  A request is a chain of three
 *             descriptors: a header (read or write, sector), the
 *             buffer's data, and a status byte the device fills in.
 * Objects     One virtqueue of NUM descriptors: desc[] (what to
 *             transfer), avail (chains we offer), used (chains the
 *             device finished).  info[]: per chain head, the buf and its
 *             status byte.
 * Operations  virtio_disk_rw(b, write): start the request and sleep on b
 *             until the interrupt handler marks it done.
 *             virtio_disk_intr: retire finished chains, wake waiters.
 * Design      The driver owns b->disk while a request is in flight.
 * Locking     disk.lock protects the queue and info[]; a leaf lock.
 *             Callers hold b's sleeplock, never a spinlock.
 * Origins     Written for Kite from the virtio 1.1 specification
 *             (sections 2.6, 4.2, 5.2).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "defs.h"
#include "fs.h"
#include "buf.h"

#define R(off) ((volatile uint32 *)(VIRTIO0 + (off)))
#define MMIO_MAGIC 0x000
#define MMIO_VERSION 0x004
#define MMIO_DEVICE_ID 0x008
#define MMIO_DEVICE_FEATURES 0x010
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_QUEUE_SEL 0x030
#define MMIO_QUEUE_NUM_MAX 0x034
#define MMIO_QUEUE_NUM 0x038
#define MMIO_QUEUE_READY 0x044
#define MMIO_QUEUE_NOTIFY 0x050
#define MMIO_INTERRUPT_STATUS 0x060
#define MMIO_INTERRUPT_ACK 0x064
#define MMIO_STATUS 0x070
#define MMIO_QUEUE_DESC_LOW 0x080
#define MMIO_QUEUE_DESC_HIGH 0x084
#define MMIO_DRIVER_DESC_LOW 0x090
#define MMIO_DRIVER_DESC_HIGH 0x094
#define MMIO_DEVICE_DESC_LOW 0x0a0
#define MMIO_DEVICE_DESC_HIGH 0x0a4

#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8

#define F_BLK_RO (1 << 5)
#define F_BLK_SCSI (1 << 7)
#define F_BLK_CONFIG_WCE (1 << 11)
#define F_BLK_MQ (1 << 12)
#define F_ANY_LAYOUT (1 << 27)
#define F_INDIRECT_DESC (1 << 28)
#define F_EVENT_IDX (1 << 29)

#define NUM 8 /* descriptors: a power of two */
#define DESC_F_NEXT 1
#define DESC_F_WRITE 2 /* device writes this buffer */
#define BLK_T_IN 0
#define BLK_T_OUT 1

struct vq_desc {
    uint64 addr;
    uint32 len;
    uint16 flags;
    uint16 next;
};

struct vq_avail {
    uint16 flags;
    uint16 idx;
    uint16 ring[NUM];
    uint16 unused;
};

struct vq_used_elem {
    uint32 id;
    uint32 len;
};

struct vq_used {
    uint16 flags;
    uint16 idx;
    struct vq_used_elem ring[NUM];
};

struct blk_req {
    uint32 type;
    uint32 reserved;
    uint64 sector;
};

static struct {
    struct vq_desc *desc; /* one page each, zeroed */
    struct vq_avail *avail;
    struct vq_used *used;
    char free[NUM];  /* is desc[i] free? */
    uint16 used_idx; /* next used entry to look at */
    struct {
        struct buf *b;
        char status;
    } info[NUM];
    struct blk_req req[NUM];
    struct spinlock lock;
} disk;

static void *
zeroed_page(void)
{
    void *p = kalloc();
    if (p == 0)
        panic("virtio: no memory");
    memset(p, 0, PGSIZE);
    return p;
}

/* Negotiate features and hand the device our one queue. */
void
virtio_disk_init(void)
{
    initlock(&disk.lock, "disk");
    if (*R(MMIO_MAGIC) != 0x74726976 || *R(MMIO_VERSION) != 2 ||
        *R(MMIO_DEVICE_ID) != 2)
        panic("virtio: no version-2 disk (need force-legacy=false)");

    uint32 status = 0;
    *R(MMIO_STATUS) = status;
    *R(MMIO_STATUS) = status |= STATUS_ACKNOWLEDGE;
    *R(MMIO_STATUS) = status |= STATUS_DRIVER;
    uint32 features = *R(MMIO_DEVICE_FEATURES);
    features &= ~(F_BLK_RO | F_BLK_SCSI | F_BLK_CONFIG_WCE | F_BLK_MQ |
                  F_ANY_LAYOUT | F_INDIRECT_DESC | F_EVENT_IDX);
    *R(MMIO_DRIVER_FEATURES) = features;
    *R(MMIO_STATUS) = status |= STATUS_FEATURES_OK;
    if ((*R(MMIO_STATUS) & STATUS_FEATURES_OK) == 0)
        panic("virtio: features refused");

    *R(MMIO_QUEUE_SEL) = 0;
    if (*R(MMIO_QUEUE_READY) || *R(MMIO_QUEUE_NUM_MAX) < NUM)
        panic("virtio: queue unusable");
    disk.desc = zeroed_page();
    disk.avail = zeroed_page();
    disk.used = zeroed_page();
    *R(MMIO_QUEUE_NUM) = NUM;
    *R(MMIO_QUEUE_DESC_LOW) = (uint64)disk.desc;
    *R(MMIO_QUEUE_DESC_HIGH) = (uint64)disk.desc >> 32;
    *R(MMIO_DRIVER_DESC_LOW) = (uint64)disk.avail;
    *R(MMIO_DRIVER_DESC_HIGH) = (uint64)disk.avail >> 32;
    *R(MMIO_DEVICE_DESC_LOW) = (uint64)disk.used;
    *R(MMIO_DEVICE_DESC_HIGH) = (uint64)disk.used >> 32;
    *R(MMIO_QUEUE_READY) = 1;
    for (int i = 0; i < NUM; i++)
        disk.free[i] = 1;
    *R(MMIO_STATUS) = status |= STATUS_DRIVER_OK;
}

/* Take three free descriptors.  Returns: 0 and idx[] filled, or -1.
 * Caller holds: disk.lock. */
static int
alloc3_desc(int *idx)
{
    int got = 0;
    for (int i = 0; i < NUM && got < 3; i++)
        if (disk.free[i])
            idx[got++] = i;
    if (got < 3)
        return -1;
    for (int i = 0; i < 3; i++)
        disk.free[idx[i]] = 0;
    return 0;
}

static void
free_chain(int i)
{
    for (;;) {
        int flags = disk.desc[i].flags;
        int next = disk.desc[i].next;
        memset(&disk.desc[i], 0, sizeof(disk.desc[i]));
        disk.free[i] = 1;
        if (!(flags & DESC_F_NEXT))
            break;
        i = next;
    }
    wakeup(&disk.free[0]);
}

static void
set_desc(int i, void *addr, uint32 len, uint16 flags, uint16 next)
{
    disk.desc[i].addr = (uint64)addr;
    disk.desc[i].len = len;
    disk.desc[i].flags = flags;
    disk.desc[i].next = next;
}

/* Sleeps: until the transfer of b is done. */
void
virtio_disk_rw(struct buf *b, int write)
{
    int idx[3];
    acquire(&disk.lock);
    while (alloc3_desc(idx) != 0)
        sleep(&disk.free[0], &disk.lock);

    struct blk_req *req = &disk.req[idx[0]];
    req->type = write ? BLK_T_OUT : BLK_T_IN;
    req->reserved = 0;
    req->sector = (uint64)b->blockno * (BSIZE / 512);
    set_desc(idx[0], req, sizeof(*req), DESC_F_NEXT, idx[1]);
    set_desc(idx[1], b->data, BSIZE, (write ? 0 : DESC_F_WRITE) | DESC_F_NEXT,
             idx[2]);
    disk.info[idx[0]].status = 0xff;
    set_desc(idx[2], &disk.info[idx[0]].status, 1, DESC_F_WRITE, 0);

    b->disk = 1;
    disk.info[idx[0]].b = b;
    disk.avail->ring[disk.avail->idx % NUM] = idx[0];
    __sync_synchronize();
    disk.avail->idx += 1;
    __sync_synchronize();
    *R(MMIO_QUEUE_NOTIFY) = 0;

    while (b->disk == 1)
        sleep(b, &disk.lock);
    disk.info[idx[0]].b = 0;
    free_chain(idx[0]);
    release(&disk.lock);
}

void
virtio_disk_intr(void)
{
    acquire(&disk.lock);
    *R(MMIO_INTERRUPT_ACK) = *R(MMIO_INTERRUPT_STATUS) & 0x3;
    __sync_synchronize();
    while (disk.used_idx != disk.used->idx) {
        __sync_synchronize();
        int id = disk.used->ring[disk.used_idx % NUM].id;
        if (disk.info[id].status != 0)
            panic("virtio: request failed");
        struct buf *b = disk.info[id].b;
        b->disk = 0;
        wakeup(b);
        disk.used_idx += 1;
    }
    release(&disk.lock);
}
