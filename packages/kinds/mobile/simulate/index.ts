// The mobile kind's simulator: fleets placed around a city (placeMobileFleet) and their reports,
// honest and adversarial, with the devnet's carrier, speedtest server and location validator
// signing what real infrastructure would (simulateMobile).
export {
  MOBILE_ADVERSARIES,
  MOBILE_BEHAVIOURS,
  type MobileAdversary,
  type MobileBehaviour,
  SIMULATED_ANTENNA_GAIN,
  simulatedRadioType,
} from './behaviours.ts'
export { SPOOF_MAX_M, SPOOF_MIN_M, placeMobileFleet } from './place.ts'
export { type LabelledMobileReport, MOBILE_REPORT_TRUTHS, type MobileReportTruth, simulateMobile, simulateMobileLabelled } from './simulate.ts'
