import Foundation
import OnboardCore
import OnboardSystem
import OnboardTestSupport
import Testing

@Suite struct ClockTests {
    @Test func fixedClockNeverMoves() {
        let instant = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = FixedClock(instant)
        #expect(clock.now() == instant)
        #expect(clock.now() == clock.now())
    }

    @Test func systemClockFollowsRealTime() {
        let before = Date()
        let now = SystemClock().now()
        #expect(now >= before)
        #expect(now.timeIntervalSince(before) < 5)
    }
}
