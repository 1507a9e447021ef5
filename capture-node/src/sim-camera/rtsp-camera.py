#!/usr/bin/env python3
"""Simulated IP camera: GStreamer's RTSP server (Debian gir1.2-gst-rtsp-server-1.0) looping test footage as H.264.

    /usr/bin/python3 capture-node/src/sim-camera/rtsp-camera.py --port 8554 --path vtest [--stamp] [--width 1280 --height 720]

ffmpeg decodes and loops the footage at its native rate into raw I420 frames; this script optionally stamps each
frame with a time code, and GStreamer encodes it (x264, constrained baseline, short GOP, like a camera's sub stream)
and serves it over RTSP (TCP or UDP, several clients share one encoder). Prints `ready rtsp://...` once listening.

Time code (--stamp), read back by web-perception/src/stream/stamp.ts for the glass-to-glass latency bench:
three rows of 32 blocks of 16x16 px at the top-left corner, luma 235 = 1 / 16 = 0, grey chroma, MSB first.
Row 0: wall clock in ms, low 32 bits; row 1: its bitwise complement (validity check); row 2: frame counter.
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

BLOCK = 16
BITS = 32
ROWS = 3


def stamp_frame(frame: bytearray, width: int, height: int, ms: int, counter: int) -> None:
    """Writes the time code into an I420 frame in place."""
    words = [ms & 0xFFFFFFFF, ~ms & 0xFFFFFFFF, counter & 0xFFFFFFFF]
    on, off = bytes([235]) * BLOCK, bytes([16]) * BLOCK
    for row, word in enumerate(words):
        for bit in range(BITS):
            value = on if (word >> (BITS - 1 - bit)) & 1 else off
            x0, y0 = bit * BLOCK, row * BLOCK
            for y in range(y0, y0 + BLOCK):
                start = y * width + x0
                frame[start:start + BLOCK] = value
    # Neutral chroma under the code so it reads as grey in RGB.
    cw, ch = width // 2, height // 2
    grey = bytes([128]) * (BITS * BLOCK // 2)
    for plane in (width * height, width * height + cw * ch):
        for y in range(ROWS * BLOCK // 2):
            start = plane + y * cw
            frame[start:start + len(grey)] = grey


class Feeder:
    """Runs ffmpeg for one prepared media and pushes its frames into the media's appsrc."""

    def __init__(self, args, appsrc):
        self.args, self.appsrc = args, appsrc
        self.stopped = threading.Event()
        self.proc = None
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        a = self.args
        size = a.width * a.height * 3 // 2
        cmd = [
            "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", a.footage,
            "-an", "-vf", f"scale={a.width}:{a.height},fps={a.fps}", "-pix_fmt", "yuv420p", "-f", "rawvideo", "pipe:1",
        ]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        counter = 0
        while not self.stopped.is_set():
            data = self.proc.stdout.read(size)
            if not data or len(data) < size:
                break
            frame = bytearray(data)
            counter += 1
            if a.stamp:
                stamp_frame(frame, a.width, a.height, int(time.time() * 1000), counter)
            ret = self.appsrc.emit("push-buffer", Gst.Buffer.new_wrapped(bytes(frame)))
            if ret != Gst.FlowReturn.OK:
                break
        self.stop()

    def stop(self):
        self.stopped.set()
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class CameraFactory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, args):
        super().__init__()
        self.args = args
        a = args
        self.set_shared(True)
        self.set_launch(
            f"( appsrc name=src is-live=true do-timestamp=true format=time block=false max-bytes=20000000 "
            f"caps=video/x-raw,format=I420,width={a.width},height={a.height},framerate={a.fps}/1 "
            f"! queue max-size-buffers=3 leaky=downstream "
            f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={a.gop} bitrate={a.bitrate} threads=2 "
            f"! video/x-h264,profile=constrained-baseline "
            f"! rtph264pay name=pay0 pt=96 config-interval=1 )"
        )
        self.connect("media-configure", self.on_configure)

    def on_configure(self, _factory, media):
        appsrc = media.get_element().get_by_name_recurse_up("src")
        feeder = Feeder(self.args, appsrc)
        media.connect("unprepared", lambda _m: feeder.stop())
        # Stay prepared once the first client has prepared the media, like a camera whose encoder always runs: a later
        # client then gets its DESCRIBE answered at once. Preparing anew (starting ffmpeg, decoding, the first x264
        # frame) took over 7 s on a loaded 2-core machine, past an RTSP client's 5 s reply timeout, whenever the
        # client came while no other was connected (the flaky console camera test). An extra prepare count does it.
        media.connect("prepared", self.on_prepared)

    def on_prepared(self, media):
        if not getattr(media, "_kept_prepared", False):
            media._kept_prepared = True
            GLib.idle_add(lambda: media.prepare(None) and False)


def main() -> int:
    cache = os.environ.get("GYM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "smart-gym")
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8554)
    p.add_argument("--path", default="vtest")
    p.add_argument("--footage", default=os.path.join(cache, "footage", "vtest.mp4"))
    p.add_argument("--width", type=int, default=768)
    p.add_argument("--height", type=int, default=576)
    p.add_argument("--fps", type=int, default=10)
    p.add_argument("--gop", type=int, default=10, help="key frame interval in frames")
    p.add_argument("--bitrate", type=int, default=1500, help="kbit/s")
    p.add_argument("--stamp", action="store_true", help="stamp a time code into every frame (latency bench)")
    args = p.parse_args()
    if not os.path.isfile(args.footage):
        print(f"footage {args.footage} is missing: run `make setup` (step 35-footage)", file=sys.stderr)
        return 2
    if args.width % 2 or args.height % 2 or (args.stamp and args.width < BITS * BLOCK):
        print("width/height must be even (and width >= 512 with --stamp)", file=sys.stderr)
        return 2

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))
    server.get_mount_points().add_factory("/" + args.path, CameraFactory(args))
    if server.attach(None) == 0:
        print(f"cannot listen on {args.host}:{args.port}", file=sys.stderr)
        return 1
    loop = GLib.MainLoop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    print(f"ready rtsp://{args.host}:{server.get_bound_port()}/{args.path}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
