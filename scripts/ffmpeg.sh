#!/usr/bin/env bash
# Installs Debian's ffmpeg (ffmpeg + ffprobe) when missing: the emulator encodes Stable Video
# Diffusion answers with it and the tests read the videos back with ffprobe. Safe to source or run.
if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
  echo "[ffmpeg] installing Debian's ffmpeg (the emulator's video encoder)" >&2
  _sudo=""
  [ "$(id -u)" = "0" ] || _sudo="sudo -n"
  $_sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $_sudo apt-get install -y -qq --no-install-recommends ffmpeg >&2
  unset _sudo
fi
