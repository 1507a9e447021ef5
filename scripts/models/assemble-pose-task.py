#!/usr/bin/python3
"""Builds a MediaPipe PoseLandmarker .task bundle (an uncompressed zip of pose_detector.tflite +
pose_landmarks_detector.tflite) from the detector inside an official bundle and a landmark network.
Entries get a fixed timestamp so the output (and its sha256 in the manifest) is reproducible.

Usage: assemble-pose-task.py OFFICIAL.task LANDMARKS.tflite OUT.task
"""
import os
import sys
import zipfile

src, landmarks, dest = sys.argv[1:4]
with zipfile.ZipFile(src) as z:
    detector = z.read('pose_detector.tflite')
with open(landmarks, 'rb') as f:
    landmark_bytes = f.read()
with zipfile.ZipFile(dest + '.tmp', 'w', zipfile.ZIP_STORED) as z:
    for name, data in (('pose_detector.tflite', detector), ('pose_landmarks_detector.tflite', landmark_bytes)):
        info = zipfile.ZipInfo(name, date_time=(2023, 4, 28, 0, 45, 0))
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        z.writestr(info, data)
os.replace(dest + '.tmp', dest)
