// The rehearsal's test doubles (gcloud, kubectl, helm) and recording stubs, dispatched on argv[0].
import TestDoubles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(Doubles.main(CommandLine.arguments))
