#!/usr/bin/env bash
# Training against its FLOP floor: the same train steps' matrix products alone, timed in TensorFlow Java, then the
# real 3-epoch training on full Fashion-MNIST (Debian package dataset-fashion-mnist), side by side in each round.
# Usage: bench/training-floor.sh [linear|cnn] [rounds, seeds 42…] [epochs] [intraOpThreads]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
TF_CPP_MIN_LOG_LEVEL=2 exec java -cp "target/test-classes:target/classes:$cp" \
  com.pipelines.training.TrainingFloorBenchmark "${1:-linear}" "${2:-5}" "${3:-3}" "${4:-1}"
