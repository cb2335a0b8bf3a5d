import CaseTrackerCLI

PSR.runMain()
