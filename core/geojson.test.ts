import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkBoundaries } from './geojson.ts';

const square = (x: number, y: number, d = 0.01) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const feature = (code: unknown, geometry: unknown, key = 'code') => ({ type: 'Feature', properties: { [key]: code }, geometry });
const fcOf = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const known = (code: string) => (['V1', 'V2'].includes(code) ? null : `地区代码 ${code} 不存在或不在您的管辖范围内`);

describe('checkBoundaries', () => {
  it('takes polygons and multipolygons naming known regions', () => {
    const r = checkBoundaries(fcOf(feature('V1', { type: 'Polygon', coordinates: square(120, 29) }), feature('V2', { type: 'MultiPolygon', coordinates: [square(120.1, 29), square(120.2, 29)] }, '地区代码')), known);
    expect(r.problems).toEqual([]);
    expect(r.boundaries.map((b) => [b.code, b.geometry.type])).toEqual([
      ['V1', 'Polygon'],
      ['V2', 'MultiPolygon'],
    ]);
  });
  it('takes a single feature and a numeric code', () => {
    const r = checkBoundaries(feature(1, { type: 'Polygon', coordinates: square(120, 29) }), (c) => (c === '1' ? null : 'x'));
    expect(r.boundaries).toHaveLength(1);
  });
  it.each([
    ['not GeoJSON', { hello: 1 }, '文件不是 GeoJSON 要素集合（FeatureCollection）或要素（Feature）'],
    ['empty', fcOf(), '文件中没有要素'],
    ['a point', fcOf(feature('V1', { type: 'Point', coordinates: [120, 29] })), '第 1 个要素：几何类型“Point”不支持，只接受面（Polygon 或 MultiPolygon）'],
    ['a line', fcOf(feature('V1', { type: 'LineString', coordinates: [[120, 29], [121, 29]] })), '第 1 个要素：几何类型“LineString”不支持，只接受面（Polygon 或 MultiPolygon）'],
    ['projected metres', fcOf(feature('V1', { type: 'Polygon', coordinates: square(13358338, 3503549, 100) })), '第 1 个要素：坐标 [13358338, 3503549] 超出 WGS-84 经纬度范围（经度 −180～180，纬度 −90～90）；请以 WGS-84 经纬度（EPSG:4326）导出'],
    ['latitude over 90', fcOf(feature('V1', { type: 'Polygon', coordinates: square(29, 120) })), '第 1 个要素：坐标 [29, 120] 超出 WGS-84 经纬度范围（经度 −180～180，纬度 −90～90）；请以 WGS-84 经纬度（EPSG:4326）导出'],
    ['open ring', fcOf(feature('V1', { type: 'Polygon', coordinates: [[[120, 29], [120.1, 29], [120.1, 29.1], [120, 29.1]]] })), '第 1 个要素：多边形的环未闭合（首尾坐标应相同）'],
    ['short ring', fcOf(feature('V1', { type: 'Polygon', coordinates: [[[120, 29], [120.1, 29], [120, 29]]] })), '第 1 个要素：多边形的环至少需要 4 个坐标点（首尾相同）'],
    ['text coordinates', fcOf(feature('V1', { type: 'Polygon', coordinates: [[['120', '29'], [120.1, 29], [120.1, 29.1], ['120', '29']]] })), '第 1 个要素：坐标应为 [经度，纬度] 数字对'],
    ['no code', fcOf(feature(null, { type: 'Polygon', coordinates: square(120, 29) })), '第 1 个要素：属性中缺少地区代码（properties.code）'],
    ['unknown code', fcOf(feature('X9', { type: 'Polygon', coordinates: square(120, 29) })), '第 1 个要素：地区代码 X9 不存在或不在您的管辖范围内'],
    ['no geometry', fcOf(feature('V1', null)), '第 1 个要素：缺少几何图形（geometry）'],
  ])('refuses %s', (_what, doc, problem) => {
    const r = checkBoundaries(doc, known);
    expect(r.problems).toEqual([problem]);
    expect(r.boundaries).toEqual([]);
  });
  it('lists every problem, and takes nothing when one feature is wrong', () => {
    const r = checkBoundaries(fcOf(feature('V1', { type: 'Polygon', coordinates: square(120, 29) }), feature('V1', { type: 'Polygon', coordinates: square(120, 29) }), feature('X', { type: 'Point', coordinates: [1, 1] })), known);
    expect(r.problems).toEqual(['第 2 个要素：地区代码 V1 与第 1 个要素重复', '第 3 个要素：地区代码 X 不存在或不在您的管辖范围内', '第 3 个要素：几何类型“Point”不支持，只接受面（Polygon 或 MultiPolygon）']);
    expect(r.boundaries).toEqual([]);
  });
  it('caps the list of problems', () => {
    const r = checkBoundaries(fcOf(...Array.from({ length: 30 }, () => feature('X', { type: 'Polygon', coordinates: square(120, 29) }))), known);
    expect(r.problems).toHaveLength(21);
    expect(r.problems[20]).toBe('另有 10 处问题未列出');
  });
  it('accepts any closed ring inside WGS-84 and refuses any position outside it', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }), (x, y) => {
        const ring = [[x, y], [x, y], [x, y], [x, y]];
        expect(checkBoundaries(feature('V1', { type: 'Polygon', coordinates: [ring] }), known).problems).toEqual([]);
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 180.000001, max: 1e8, noNaN: true }), (x) => {
        const ring = [[x, 0], [x, 1], [x, 2], [x, 0]];
        expect(checkBoundaries(feature('V1', { type: 'Polygon', coordinates: [ring] }), known).problems).toHaveLength(1);
      }),
    );
  });
});
