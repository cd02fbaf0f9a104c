# syntax=docker/dockerfile:1
# Build with the project's Maven wrapper, run on a slim Java 17 runtime as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q -Plinux-x86_64 dependency:go-offline
COPY src src
RUN ./mvnw -B -q -Plinux-x86_64 package -DskipTests && cp target/pipelines-service-*.jar /app.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system pipelines && useradd --system --gid pipelines --home /var/lib/pipelines pipelines \
    && mkdir -p /var/lib/pipelines/data /var/lib/pipelines/pipeline_root \
    && chown -R pipelines:pipelines /var/lib/pipelines \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app.jar /opt/pipelines/app.jar
USER pipelines
WORKDIR /var/lib/pipelines
ENV PIPELINES_DATA_DIR=/var/lib/pipelines/data \
    PIPELINES_PIPELINE_ROOT=/var/lib/pipelines/pipeline_root \
    TF_CPP_MIN_LOG_LEVEL=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME ["/var/lib/pipelines/data", "/var/lib/pipelines/pipeline_root"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
# No arguments: the server. "train ..." / "deploy ...": one step in command-line mode (pipeline components).
ENTRYPOINT ["java", "-jar", "/opt/pipelines/app.jar"]
