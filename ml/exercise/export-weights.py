#!/usr/bin/python3
"""Writes the exported ONNX TCN's weights as JSON for the pure-TypeScript forward pass (tcn-forward.ts), so the
exercise engine can name sets synchronously, in Node or a browser, without onnxruntime.

    /usr/bin/python3 ml/exercise/export-weights.py ml/exercise/model

Reads OUT/exercise-tcn.onnx (batch-norm already folded into the convolutions by the export) and writes
OUT/exercise-tcn.weights.json: the convolutions in graph order (weight, bias, dilation, padding), the linear
head, float32 little-endian base64. Refuses a graph that is not stem conv + residual blocks + mean + Gemm.
"""
import base64, json, os, sys
import numpy as np
import onnx
from onnx import numpy_helper

out = sys.argv[1]
m = onnx.load(os.path.join(out, 'exercise-tcn.onnx'))
init = {i.name: numpy_helper.to_array(i).astype('<f4') for i in m.graph.initializer}
b64 = lambda a: base64.b64encode(np.ascontiguousarray(a, dtype='<f4').tobytes()).decode()
convs, head = [], None
for n in m.graph.node:
    at = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
    if n.op_type == 'Conv':
        w, b = init[n.input[1]], init[n.input[2]]
        assert at.get('group', 1) == 1 and list(at.get('strides', [1])) == [1], n
        convs.append({'shape': list(w.shape), 'dilation': int(at['dilations'][0]), 'pad': int(at['pads'][0]), 'w': b64(w), 'b': b64(b)})
    elif n.op_type == 'Gemm':
        assert at.get('transB') == 1, n
        w, b = init[n.input[1]], init[n.input[2]]
        head = {'shape': list(w.shape), 'w': b64(w), 'b': b64(b)}
    elif n.op_type not in ('Relu', 'Add', 'ReduceMean'):
        sys.exit(f'unexpected op {n.op_type}')
assert head and len(convs) % 2 == 1, 'expected a stem conv and pairs of block convs'
json.dump({'format': 'gym.ml.tcn-weights/1', 'source': 'exercise-tcn.onnx', 'convs': convs, 'head': head}, open(os.path.join(out, 'exercise-tcn.weights.json'), 'w'))
print(f'wrote {os.path.join(out, "exercise-tcn.weights.json")} ({len(convs)} convs)')
