#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line "N passed, N failed" (totals over all projects).
# Installs what the tests need on a fresh Debian machine (CI runs as root): python3 for the trace checker, librdkafka-dev
# (the headers and library the loopback Kafka broker is built with; the engine itself loads the librdkafka bundled with
# Confluent.Kafka), a C compiler, clang (NativeBuildTests publish the Native AOT binary, the default `dotnet publish`, and
# compare it with the JIT build; without clang they fail, saying so), and kubectl from Debian's kubernetes-client
# (DeployRenderTests render deploy/kubernetes with `kubectl kustomize`), and chromium (the report's browser test).
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || need+=(librdkafka-dev)
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v clang >/dev/null 2>&1 || need+=(clang)
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Apart, so that a failure here cannot lose the packages above: kubectl. Debian's archive has it as kubernetes-client
# (bookworm: kubectl 1.20, whose `kubectl kustomize` is kustomize v2.0; deploy/kubernetes is kept to that). Any kubectl
# already on PATH (>= 1.20) is used as it is. If the install fails the render tests fail, saying kubectl is missing.
if ! command -v kubectl >/dev/null 2>&1; then
  echo "installing: kubernetes-client (kubectl)"
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq kubernetes-client >/dev/null; } ||
    echo "kubernetes-client could not be installed from the configured apt sources: DeployRenderTests will fail"
fi
# Apart as well: Debian's chromium, for the report's browser test (ReportBrowserTests opens report.html headless). If the
# install fails that test fails, saying chromium is missing.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "installing: chromium (report browser test)"
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null; } ||
    echo "chromium could not be installed from the configured apt sources: ReportBrowserTests will fail"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
dotnet build AiObsStream.sln -c Release -v q -nologo 2>&1 | tail -n 30
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
# The native-build tests run after the rest, on their own: their Native AOT publish keeps both cores busy for minutes,
# which would slow the timing-sensitive process tests (signals, scrapes, the Kafka broker) running beside it.
# A test host that stops making progress is killed after 10 minutes on one test (the whole suite takes ~7), and the
# test it hung in is named, instead of the run waiting for CI's time limit.
dotnet test AiObsStream.sln -c Release --no-build -v q -nologo --filter "Category!=NativeBuild" \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
dotnet test tests/AiObsStream.Cli.Tests -c Release --no-build -v q -nologo --filter "Category=NativeBuild" \
  --logger "console;verbosity=minimal" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# The failures again, together just above the totals (the log above interleaves the projects run in parallel).
if grep -qE '^ +Failed [A-Za-z]' "$log"; then
  echo "---- failed tests ----"
  grep -E -A8 '^ +Failed [A-Za-z]' "$log" | cut -c1-400 | head -n 120
fi

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
