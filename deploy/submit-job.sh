#!/usr/bin/env bash
# Submits the Sluice job jar to a Flink session cluster with `flink run -d`, unless a job named
# sluice-processing is already running there, so `docker compose up` can be repeated safely.
# Arguments: the job's own flags (processing/README.md). Environment:
#   FLINK_JOBMANAGER       host:port of the JobManager's REST API (default jobmanager:8081)
#   SLUICE_JOB_JAR         the shaded job jar (default /opt/sluice/sluice-job.jar)
#   SLUICE_FROM_SAVEPOINT  a savepoint to start from (optional; upgrades)
set -euo pipefail

jobmanager="${FLINK_JOBMANAGER:-jobmanager:8081}"
jar="${SLUICE_JOB_JAR:-/opt/sluice/sluice-job.jar}"
name="sluice-processing"
live='CREATED|INITIALIZING|RUNNING|RESTARTING|RECONCILING|FAILING|CANCELLING'

if [ ! -f "$jar" ]; then
  echo "submit-job: $jar is missing: run 'mvn -B package -DskipTests' first" >&2
  exit 2
fi

overview="$(wget -qO- "http://$jobmanager/jobs/overview")" || {
  echo "submit-job: cannot reach the JobManager at http://$jobmanager" >&2
  exit 1
}
if grep -Eq "\"name\":\"$name\",[^{}]*\"state\":\"($live)\"" <<<"$overview"; then
  echo "submit-job: $name already runs on $jobmanager; nothing to do"
  exit 0
fi

args=(run --detached --jobmanager "$jobmanager")
if [ -n "${SLUICE_FROM_SAVEPOINT:-}" ]; then
  echo "submit-job: starting from savepoint $SLUICE_FROM_SAVEPOINT"
  args+=(--fromSavepoint "$SLUICE_FROM_SAVEPOINT")
fi
exec flink "${args[@]}" "$jar" "$@"
