#!/usr/bin/python3
"""Writes two tiny ONNX files with the input/output layout of the user-supplied drop-ins, so the tests can
exercise the drop-in code paths (loading by config name, shape checks, decoding, batching) without the real
weights, which are not available offline:
  yolo11n.onnx      1x3x640x640 -> 1x84x8400, one fixed person at (cx 320, cy 320, w 100, h 300), score 0.9
  osnet_x0_25.onnx  Nx3x256x128 -> Nx512 (global average colour times a fixed matrix)
Usage: make-test-dropins.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

y = np.zeros((1, 84, 8400), np.float32)
y[0, :4, 0] = [320, 320, 100, 300]
y[0, 4, 0] = 0.9
y[0, :4, 1] = [100, 100, 20, 20]
y[0, 4 + 2, 1] = 0.8  # a car: filtered out by the person-only detector
g = helper.make_graph(
    [
        helper.make_node('ReduceMean', ['images'], ['m'], axes=[1, 2, 3], keepdims=0),
        helper.make_node('Mul', ['m', 'zero'], ['z']),
        helper.make_node('Add', ['z', 'const'], ['output0']),
    ],
    'yolo-like',
    [helper.make_tensor_value_info('images', TensorProto.FLOAT, [1, 3, 640, 640])],
    [helper.make_tensor_value_info('output0', TensorProto.FLOAT, [1, 84, 8400])],
    [numpy_helper.from_array(np.zeros(1, np.float32), 'zero'), numpy_helper.from_array(y, 'const')],
)
m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)])
m.ir_version = 7
onnx.checker.check_model(m)
onnx.save(m, os.path.join(out, 'yolo11n.onnx'))

w = np.random.default_rng(7).standard_normal((3, 512)).astype(np.float32)
g = helper.make_graph(
    [
        helper.make_node('GlobalAveragePool', ['input'], ['p']),
        helper.make_node('Flatten', ['p'], ['f'], axis=1),
        helper.make_node('MatMul', ['f', 'w'], ['embedding']),
    ],
    'osnet-like',
    [helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', 3, 256, 128])],
    [helper.make_tensor_value_info('embedding', TensorProto.FLOAT, ['N', 512])],
    [numpy_helper.from_array(w, 'w')],
)
m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)])
m.ir_version = 7
onnx.checker.check_model(m)
onnx.save(m, os.path.join(out, 'osnet_x0_25.onnx'))
