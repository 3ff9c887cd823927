import Testing
import CInputShim

/// The request numbers come from the kernel headers through the C shim; check them against the
/// asm-generic encoding (dir << 30 | size << 16 | type << 8 | nr), used by both x86_64 and aarch64.
@Suite("ioctl request numbers")
struct IOCtlNumberTests {
    func ioc(_ dir: UInt, _ type: Character, _ nr: UInt, _ size: Int) -> UInt {
        (dir << 30) | (UInt(size) << 16) | (UInt(type.asciiValue!) << 8) | nr
    }
    let read: UInt = 2, write: UInt = 1

    @Test func evdevRequests() {
        #expect(cis_eviocgname(256) == ioc(read, "E", 0x06, 256))
        #expect(cis_eviocgname(256) == 0x8100_4506)
        #expect(cis_eviocgphys(256) == ioc(read, "E", 0x07, 256))
        #expect(cis_eviocguniq(256) == ioc(read, "E", 0x08, 256))
        #expect(cis_eviocgid() == ioc(read, "E", 0x02, 8))
        #expect(cis_eviocgrab() == ioc(write, "E", 0x90, 4))
        #expect(cis_eviocgrab() == 0x4004_4590)
        #expect(cis_eviocsclockid() == ioc(write, "E", 0xA0, 4))
    }

    @Test func hidrawRequests() {
        #expect(cis_hidiocgrdescsize() == ioc(read, "H", 0x01, 4))
        #expect(cis_hidiocgrdesc() == ioc(read, "H", 0x02, 4 + 4096))
        #expect(cis_hidiocgrawinfo() == ioc(read, "H", 0x03, 8))
        #expect(cis_hidiocgrawname(256) == ioc(read, "H", 0x04, 256))
    }
}
