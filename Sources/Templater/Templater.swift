/// Templater: pure change planning between two desired node configurations, and a reader of BIRD
/// configuration text for comparisons with Calico's rendered templates (see docs/templater.md).
///
/// Owns: `ChangePlan` (old and new `DesiredNodeConfig` → identity restart, peers added / removed /
/// reset / updated live, prefixes to originate and withdraw, kernel changes) and
/// `BIRDConfigSummary`. Never does I/O: no Foundation, Glibc or Dispatch (scripts/check-purity).
public enum Templater {}
