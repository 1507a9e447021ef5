/**
 * The human mesh: MakeHuman's base mesh as Debian's `assimp-testmodels` ships it
 * (/usr/share/assimp/models/Collada/human.zae, a zip holding human.dae). Read with Node's zlib (the zip's central
 * directory, one deflated entry) and a small Collada reader: positions and the quads of `human-base`, split into
 * triangles. No rig in the file: the rig is src/rig/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export const HUMAN_ZAE = '/usr/share/assimp/models/Collada/human.zae';

export class MeshError extends Error {}

export interface HumanMesh {
  positions: Float32Array;
  triangles: Uint32Array;
  /** Texture coordinates per vertex (u, v), from the first face corner that names the vertex; 0 where none. */
  uvs: Float32Array;
}

/** One entry of a zip archive, by name. */
export function readZipEntry(zip: Buffer, name: string): Buffer {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new MeshError('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new MeshError('corrupt zip central directory');
    const method = zip.readUInt16LE(p + 10), csize = zip.readUInt32LE(p + 20);
    const nlen = zip.readUInt16LE(p + 28), elen = zip.readUInt16LE(p + 30), clen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const entry = zip.subarray(p + 46, p + 46 + nlen).toString('utf8');
    if (entry === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + csize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new MeshError(`zip entry ${name}: compression method ${method} unsupported`);
    }
    p += 46 + nlen + elen + clen;
  }
  throw new MeshError(`zip entry ${name} not found`);
}

/** Positions and triangles of the geometry named `geometryId` in a Collada document. */
export function parseColladaGeometry(dae: string, geometryId: string): HumanMesh {
  const start = dae.indexOf(`<geometry id="${geometryId}"`);
  if (start < 0) throw new MeshError(`geometry ${geometryId} not found`);
  const g = dae.slice(start, dae.indexOf('</geometry>', start));
  const pos = /<float_array[^>]*id="[^"]*-Position-array"[^>]*>([^<]*)</.exec(g);
  const poly = /<polylist[^>]*>([\s\S]*?)<\/polylist>/.exec(g);
  if (!pos || !poly) throw new MeshError(`geometry ${geometryId}: positions or polylist missing`);
  const positions = Float32Array.from(pos[1]!.trim().split(/\s+/).map(Number));
  const inputs = (poly[1]!.match(/<input /g) ?? []).length;
  const uvSrc = /<float_array[^>]*id="[^"]*-UV-array"[^>]*>([^<]*)</.exec(g);
  const uvOffset = /<input[^>]*offset="(\d+)"[^>]*semantic="TEXCOORD"/.exec(poly[1]!);
  const uvAll = uvSrc ? uvSrc[1]!.trim().split(/\s+/).map(Number) : [];
  const uvs = new Float32Array((positions.length / 3) * 2);
  const seen = new Uint8Array(positions.length / 3);
  const vcount = /<vcount>([^<]*)</.exec(poly[1]!)![1]!.trim().split(/\s+/).map(Number);
  const p = /<p>([^<]*)</.exec(poly[1]!)![1]!.trim().split(/\s+/).map(Number);
  const tris: number[] = [];
  let k = 0;
  for (const c of vcount) {
    const idx = Array.from({ length: c }, (_, i) => p[(k + i) * inputs]!);
    if (uvOffset)
      for (let i = 0; i < c; i++) {
        const vi = idx[i]!, ti = p[(k + i) * inputs + Number(uvOffset[1])]!;
        if (seen[vi]) continue;
        seen[vi] = 1;
        uvs[vi * 2] = uvAll[ti * 2]!;
        uvs[vi * 2 + 1] = uvAll[ti * 2 + 1]!;
      }
    for (let i = 1; i + 1 < c; i++) tris.push(idx[0]!, idx[i]!, idx[i + 1]!);
    k += c;
  }
  return { positions, triangles: Uint32Array.from(tris), uvs };
}

export function loadHumanMesh(file = HUMAN_ZAE): HumanMesh {
  if (!existsSync(file)) throw new MeshError(`${file} is missing: install the Debian package assimp-testmodels (make setup does)`);
  const dae = readZipEntry(readFileSync(file), 'human.dae').toString('utf8');
  return parseColladaGeometry(dae, 'human-baseMesh');
}
