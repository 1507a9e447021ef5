#!/usr/bin/env python3
"""Assemble a MediaPipe PoseLandmarker bundle (.task) for another landmark network (lite, heavy).

usage: pose_bundle.py FULL_TASK LANDMARK_TFLITE OUT_TASK

A .task is a zip of pose_detector.tflite + pose_landmarks_detector.tflite. The tasks API reads the landmark
network's TFLite model metadata ("TFLITE_METADATA": input normalisation, tensor descriptions). The lite/heavy
networks in @mediapipe/pose have the same inputs and outputs as full but carry no such metadata, so this copies
full's metadata into them: the unused "min_runtime_version" metadata entry (informational only) is renamed in
place to "TFLITE_METADATA" and its buffer is pointed at a copy of full's metadata appended at the end of the file.
FlatBuffers offsets point forward, so appending and re-pointing keep every other part of the model untouched.
The pose detector is taken from the full bundle unchanged (MediaPipe uses the same one for every variant).
"""
import struct
import sys
import zipfile

OLD_NAME, NEW_NAME = b'min_runtime_version', b'TFLITE_METADATA'


class FlatBuffer:
    """Just enough of a FlatBuffers reader for TFLite's Model.buffers / Model.metadata tables."""

    def __init__(self, b):
        self.b = b

    def u32(self, o):
        return struct.unpack_from('<I', self.b, o)[0]

    def field(self, table, index):
        vtable = table - struct.unpack_from('<i', self.b, table)[0]
        size = struct.unpack_from('<H', self.b, vtable)[0]
        if 4 + 2 * index >= size:
            return None
        off = struct.unpack_from('<H', self.b, vtable + 4 + 2 * index)[0]
        return table + off if off else None

    def ref(self, pos):
        return pos + self.u32(pos)

    def vector(self, table, index):
        p = self.field(table, index)
        if p is None:
            return None
        v = self.ref(p)
        return v + 4, self.u32(v)

    def bytes_of(self, table, index):
        v = self.vector(table, index)
        return None if v is None else bytes(self.b[v[0]:v[0] + v[1]])


def metadata_entries(fb):
    """(name, entry table, buffer table) for each Model.metadata entry (Model fields: 4 buffers, 6 metadata)."""
    root = fb.ref(0)
    if bytes(fb.b[4:8]) != b'TFL3':
        raise SystemExit('not a TFLite model (no TFL3 identifier)')
    buffers, metadata = fb.vector(root, 4), fb.vector(root, 6)
    out = []
    for k in range(metadata[1] if metadata else 0):
        entry = fb.ref(metadata[0] + 4 * k)
        name = fb.bytes_of(entry, 0)
        index_pos = fb.field(entry, 1)
        buffer = fb.ref(buffers[0] + 4 * (fb.u32(index_pos) if index_pos else 0))
        out.append((name, entry, buffer))
    return out


def with_metadata(model: bytes, metadata: bytes) -> bytes:
    out = bytearray(model)
    fb = FlatBuffer(out)
    entries = {name: (entry, buffer) for name, entry, buffer in metadata_entries(fb)}
    if NEW_NAME in entries:
        raise SystemExit('the landmark network already has TFLITE_METADATA: use it as it is')
    if OLD_NAME not in entries:
        raise SystemExit('the landmark network has no min_runtime_version entry to carry the metadata')
    entry, buffer = entries[OLD_NAME]
    name_pos = fb.ref(fb.field(entry, 0))
    struct.pack_into('<I', out, name_pos, len(NEW_NAME))
    out[name_pos + 4:name_pos + 4 + len(OLD_NAME) + 1] = NEW_NAME + b'\0' * (len(OLD_NAME) + 1 - len(NEW_NAME))
    while (len(out) + 4) % 16:  # the metadata (itself a FlatBuffer) starts 16-byte aligned
        out.append(0)
    at = len(out)
    out += struct.pack('<I', len(metadata)) + metadata
    while len(out) % 16:
        out.append(0)
    data_field = fb.field(buffer, 0)
    if data_field is None:
        raise SystemExit('min_runtime_version buffer has no data field to re-point')
    struct.pack_into('<I', out, data_field, at - data_field)
    return bytes(out)


def main(full_task, landmark_tflite, out_task):
    with zipfile.ZipFile(full_task) as z:
        detector = z.read('pose_detector.tflite')
        full_landmarks = z.read('pose_landmarks_detector.tflite')
    borrowed = {name: buf for name, _, buf in metadata_entries(FlatBuffer(full_landmarks))}
    if NEW_NAME not in borrowed:
        raise SystemExit(f'{full_task}: its landmark network has no TFLITE_METADATA')
    metadata = FlatBuffer(full_landmarks).bytes_of(borrowed[NEW_NAME], 0)
    patched = with_metadata(open(landmark_tflite, 'rb').read(), metadata)
    # Check by reading it back the way the runtime will.
    back = {name: buf for name, _, buf in metadata_entries(FlatBuffer(patched))}
    assert FlatBuffer(patched).bytes_of(back[NEW_NAME], 0) == metadata
    tmp = out_task + '.tmp'
    with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_STORED) as z:
        for name, data in (('pose_detector.tflite', detector), ('pose_landmarks_detector.tflite', patched)):
            info = zipfile.ZipInfo(name, date_time=(2023, 4, 28, 0, 0, 0))  # fixed: same input, same bytes
            z.writestr(info, data)
    import os
    os.replace(tmp, out_task)
    print(f'{out_task}: {len(metadata)} bytes of metadata from {full_task}')


if __name__ == '__main__':
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
