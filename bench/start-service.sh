# Sourced by the bench scripts: packages the service, starts it on $port with a fresh data folder, waits until it
# is ready and TensorFlow is warm, and stops it (and removes the folder) on exit. Sets $data and $pid. JVM options
# may be given in JAVA_OPTS; SERVICE_JAR runs a jar built elsewhere (another commit, for a before/after) instead.
data=$(mktemp -d)
if [ -n "${SERVICE_JAR:-}" ]; then
  jar=$SERVICE_JAR
else
  ./mvnw -q -B -DskipTests package
  jar=$(ls target/pipelines-service-*.jar | head -n1)
fi
TF_CPP_MIN_LOG_LEVEL=2 java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --pipelines.data-dir="$data" > "$data/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs "localhost:$port/actuator/health/readiness" >/dev/null; do sleep 0.5; done
until grep -q "TensorFlow ready" "$data/service.log"; do sleep 0.5; done
