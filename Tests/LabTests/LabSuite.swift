/// The root of every lab suite: one `.serialized` parent, so lab suites never run at the same
/// time as each other (Swift Testing runs suites in parallel; the machine has 2 cores and the
/// daemons time-sensitive sessions). Skipped as a whole, with the reason, when this machine
/// cannot run network namespaces.
import Testing

@Suite("Lab (network namespaces, real BGP daemons)", .serialized,
       .enabled(if: LabEnvironment.isAvailable, Comment(rawValue: LabEnvironment.reason)))
enum LabSuite {}
