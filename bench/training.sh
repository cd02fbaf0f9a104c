#!/usr/bin/env bash
# Training benchmark: full Fashion-MNIST (Debian package dataset-fashion-mnist), batch 32, 3 epochs.
# Usage: bench/training.sh [linear|cnn] [repetitions] [epochs] [unroll] [intraOpThreads]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
TF_CPP_MIN_LOG_LEVEL=2 exec java -cp "target/test-classes:target/classes:$cp" \
  com.pipelines.training.TrainingBenchmark "${1:-linear}" "${2:-3}" "${3:-3}" "${4:-25}" "${5:-1}"
