#!/usr/bin/env python3
"""Writes the bad-content corpus: base/ (a small valid content directory)
and cases/<name>/ (base with one defect each, plus `expect`: the exact error
content_load() must give).  Run from this directory: python3 gen.py"""
import copy, json, os, shutil, struct, zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def png(w, h, pix, depth=8, ctype=2):
    """A PNG of w x h; pix(x, y) -> (r, g, b)."""
    raw = b''.join(b'\0' + b''.join(bytes(pix(x, y)) for x in range(w))
                   for y in range(h))

    def chunk(t, d):
        return (struct.pack('>I', len(d)) + t + d +
                struct.pack('>I', zlib.crc32(t + d) & 0xffffffff))
    return (b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, ctype, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


def gold(x, y):
    return (220, 170, 60) if (x * 7 + y * 3) % 11 < 4 else (20, 40, 120)


ART = {
    'art/square.png': png(48, 48, gold),
    'art/wide.png': png(96, 24, gold),
    'art/led16.png': png(40, 16, lambda x, y: (255, 170, 0) if y in (1, 14) or (x + y) % 7 == 0 else (0, 0, 0)),
    'art/led32.png': png(40, 32, lambda x, y: (255, 170, 0) if y in (1, 30) or (x + y) % 9 == 0 else (0, 0, 0)),
}

T = lambda zh, en: {'zh': zh, 'en': en}
STOP = lambda zh, en: {'zh': zh, 'en': en}

BASE = {
    'manifest.json': {
        'format': 1, 'version': 'test-1',
        'description': 'Minimal valid content for the unit tests',
        'illustrative': True, 'note': 'Test data, not real routes.'},
    'routes.json': {
        'illustrative': True, 'note': 'Test data, not real routes.',
        'routes': [
            {'id': 'T45', 'color': '#c8102e',
             'directions': [
                 {'dest': T('北关', 'Beiguan'), 'via': T('经 梨园', 'via Liyuan')},
                 {'dest': T('张家湾', 'Zhangjiawan'), 'via': T('经 梨园', 'via Liyuan')}],
             'stops': [STOP('张家湾', 'Zhangjiawan'), STOP('土桥', 'Tuqiao'),
                       STOP('梨园', 'Liyuan'), STOP('北关', 'Beiguan')]},
            {'id': 'T4', 'color': '#00843d',
             'directions': [
                 {'dest': T('副中心行政办公区', 'Fuzhongxin Xingzheng Bangongqu')},
                 {'dest': T('台湖', 'Taihu')}],
             'stops': [STOP('台湖', 'Taihu'), STOP('九棵树', 'Jiukeshu'),
                       STOP('副中心行政办公区', 'Fuzhongxin Xingzheng Bangongqu')]}]},
    'heritage.json': {
        'slides': [
            {'id': 'square', 'art': 'art/square.png',
             'title': T('花丝镶嵌', 'Filigree inlay'),
             'caption': T('测试说明文字。', 'A test caption.'),
             'sources': [{'title': 'Test source', 'url': 'https://example.org/a'}]},
            {'id': 'wide', 'art': 'art/wide.png',
             'title': T('燕京八绝', 'Eight Imperial Crafts'),
             'caption': T('第二条测试说明。', 'A second test caption.'),
             'credit': T('图：测试图案', 'Test pattern'),
             'sources': [{'title': 'Test source without address'}]}]},
    'themes.json': {
        'default': 'test',
        'themes': [
            {'id': 'test', 'name': T('测试', 'Test'),
             'lcd': {'transition': 'crossfade', 'transition_ms': 400,
                     'slides': [{'page': 'next-stop', 'ms': 10000},
                                {'page': 'heritage', 'heritage': 'square', 'ms': 5000},
                                {'page': 'next-stop', 'ms': 10000},
                                {'page': 'heritage', 'heritage': 'wide', 'ms': 5000}]},
             'led': {'transition': 'scroll', 'transition_ms': 400, 'page_ms': 3000,
                     'marquee_px_per_s': 40, 'marquee_hold_ms': 500,
                     'brightness': {'day': 100, 'night': 25,
                                    'night_from': '22:00', 'night_to': '06:00'},
                     'ornament': {'art16': 'art/led16.png', 'art32': 'art/led32.png',
                                  'ms': 2000}}},
            {'id': 'static', 'name': T('静态', 'Static'),
             'lcd': {'transition': 'cut', 'slides': [{'page': 'next-stop', 'ms': 10000}]},
             'led': {'transition': 'cut', 'page_ms': 3000}}]},
}

CASES = []


def case(name, expect, **kw):
    CASES.append((name, expect, kw))


# --- files and JSON syntax ---
case('manifest-missing', 'manifest.json: No such file or directory', remove=['manifest.json'])
case('routes-syntax', 'routes.json:1:17: invalid token near \'routes\'',
     raw={'routes.json': b'{"routes": routes}\n'})
case('routes-duplicate-key', "routes.json:1:42: duplicate object key near '\"note\"'",
     raw={'routes.json': b'{"note": "a", "illustrative": true, "note": "b", "routes": []}'})
case('routes-not-object', 'routes.json: must be an object, not an array', raw={'routes.json': b'[]'})
case('routes-directory', 'routes.json: not a regular file', remove=['routes.json'], mkdir=['routes.json'])
case('themes-empty-file', "themes.json:1:0: '[' or '{' expected near end of file", raw={'themes.json': b''})

# --- manifest ---
def m(d, **kv):
    d['manifest.json'].update(kv)
case('manifest-format-2', 'manifest.json: format: 2 is not supported (this pidsd reads format 1)',
     edit=lambda d: m(d, format=2))
case('manifest-format-string', 'manifest.json: format: must be an integer, not a string',
     edit=lambda d: m(d, format='1'))
case('manifest-version-space', 'manifest.json: version: "test 1": only letters, digits and . - _ + ~',
     edit=lambda d: m(d, version='test 1'))
case('manifest-version-missing', 'manifest.json: version: missing',
     edit=lambda d: d['manifest.json'].pop('version'))
case('manifest-unknown-key', 'manifest.json: signature: unknown key',
     edit=lambda d: m(d, signature='x'))

# --- routes ---
R = lambda d: d['routes.json']['routes']
case('stop-en-missing', 'routes.json: routes[1].stops[2].en: missing',
     edit=lambda d: R(d)[1]['stops'][2].pop('en'))
case('stop-zh-empty', 'routes.json: routes[0].stops[1].zh: empty',
     edit=lambda d: R(d)[0]['stops'][1].update(zh=''))
case('stop-zh-number', 'routes.json: routes[0].stops[0].zh: must be a string, not an integer',
     edit=lambda d: R(d)[0]['stops'][0].update(zh=7))
case('stop-control-char', 'routes.json: routes[0].stops[3].en: control character 0x09',
     edit=lambda d: R(d)[0]['stops'][3].update(en='Bei\tguan'))
case('stop-newline', 'routes.json: routes[0].stops[2].zh: line breaks are only allowed in captions',
     edit=lambda d: R(d)[0]['stops'][2].update(zh='梨\n园'))
case('stops-one', 'routes.json: routes[0].stops: 1 entries, must be 2..128',
     edit=lambda d: R(d)[0].update(stops=R(d)[0]['stops'][:1]))
case('stops-not-array', 'routes.json: routes[0].stops: must be an array, not an object',
     edit=lambda d: R(d)[0].update(stops={}))
case('directions-one', 'routes.json: routes[0].directions: 1 entries, must be 2',
     edit=lambda d: R(d)[0].update(directions=R(d)[0]['directions'][:1]))
case('dest-missing', 'routes.json: routes[1].directions[1].dest: missing',
     edit=lambda d: R(d)[1]['directions'][1].pop('dest'))
case('via-en-missing', 'routes.json: routes[0].directions[0].via.en: missing',
     edit=lambda d: R(d)[0]['directions'][0]['via'].pop('en'))
case('route-id-repeated', 'routes.json: routes[1].id: "T45" repeats routes[0]',
     edit=lambda d: R(d)[1].update(id='T45'))
case('route-id-slash', 'routes.json: routes[0].id: "T4/5": only letters, digits, \'-\' and \'_\'',
     edit=lambda d: R(d)[0].update(id='T4/5'))
case('route-id-long', 'routes.json: routes[0].id: "T4500000000000000" is longer than 15',
     edit=lambda d: R(d)[0].update(id='T4500000000000000'))
case('route-color', 'routes.json: routes[0].color: "red" is not #rrggbb',
     edit=lambda d: R(d)[0].update(color='red'))
case('routes-none', 'routes.json: routes: 0 entries, must be 1..64',
     edit=lambda d: d['routes.json'].update(routes=[]))
case('illustrative-no-note', 'routes.json: note: missing',
     edit=lambda d: d['routes.json'].pop('note'))
case('route-unknown-key', 'routes.json: routes[0].stop: unknown key',
     edit=lambda d: R(d)[0].update(stop=[]))
case('dest-glyph-missing', "routes.json: routes[0].directions[0].dest.zh: U+1F68C '\U0001F68C' is not in unifont-16.pcf.gz",
     edit=lambda d: R(d)[0]['directions'][0]['dest'].update(zh='北关\U0001F68C'))
case('stop-glyph-missing', "routes.json: routes[1].stops[1].zh: U+20000 '\U00020000' is not in NotoSansSC-Regular.otf",
     edit=lambda d: R(d)[1]['stops'][1].update(zh='九\U00020000树'))

# --- heritage ---
H = lambda d: d['heritage.json']['slides']
case('sources-empty', 'heritage.json: slides[0].sources: 0 entries, must be 1..8',
     edit=lambda d: H(d)[0].update(sources=[]))
case('source-url-scheme', 'heritage.json: slides[0].sources[0].url: must start with http:// or https://',
     edit=lambda d: H(d)[0]['sources'][0].update(url='ftp://example.org/a'))
case('source-title-missing', 'heritage.json: slides[1].sources[0].title: missing',
     edit=lambda d: H(d)[1]['sources'][0].pop('title'))
case('caption-en-missing', 'heritage.json: slides[1].caption.en: missing',
     edit=lambda d: H(d)[1]['caption'].pop('en'))
case('heritage-id-repeated', 'heritage.json: slides[1].id: "square" repeats slides[0]',
     edit=lambda d: H(d)[1].update(id='square'))
case('caption-glyph-missing', "heritage.json: slides[0].caption.zh: U+20000 '\U00020000' is not in NotoSansSC-Regular.otf",
     edit=lambda d: H(d)[0]['caption'].update(zh='测试\U00020000。'))
case('art-missing', 'heritage.json: slides[0].art: art/none.png: No such file or directory',
     edit=lambda d: H(d)[0].update(art='art/none.png'))
case('art-dotdot', 'heritage.json: slides[0].art: "../art/square.png" is not a plain relative path inside the content directory',
     edit=lambda d: H(d)[0].update(art='../art/square.png'))
case('art-absolute', 'heritage.json: slides[0].art: "/etc/passwd.png" is not a plain relative path inside the content directory',
     edit=lambda d: H(d)[0].update(art='/etc/passwd.png'))
case('art-not-png', 'heritage.json: slides[0].art: "manifest.json" is not a .png file',
     edit=lambda d: H(d)[0].update(art='manifest.json'))
case('art-symlink', 'heritage.json: slides[0].art: art/square.png: a symbolic link (not allowed in content)',
     symlink={'art/square.png': '../manifest.json'})
case('art-truncated', None, raw={'art/square.png': ART['art/square.png'][:60]})
case('art-bad-crc', None, raw={'art/square.png': ART['art/square.png'][:29] + b'\0\0\0\0' + ART['art/square.png'][33:]})
case('art-huge-header', None,
     raw={'art/square.png': b'\x89PNG\r\n\x1a\n' + struct.pack('>I', 13) + b'IHDR' +
          struct.pack('>IIBBBBB', 100000, 100000, 8, 2, 0, 0, 0) +
          struct.pack('>I', zlib.crc32(b'IHDR' + struct.pack('>IIBBBBB', 100000, 100000, 8, 2, 0, 0, 0)) & 0xffffffff)})
case('art-not-a-png', None, raw={'art/square.png': b'GIF89a this is not a PNG file at all'})

# --- themes ---
TH = lambda d: d['themes.json']['themes'][0]
case('theme-default-unknown', 'themes.json: default: "summer": no such theme',
     edit=lambda d: d['themes.json'].update(default='summer'))
case('slide-heritage-unknown', 'themes.json: themes[0].lcd.slides[1].heritage: "round": no such slide in heritage.json',
     edit=lambda d: TH(d)['lcd']['slides'][1].update(heritage='round'))
case('slide-heritage-missing', 'themes.json: themes[0].lcd.slides[3].heritage: missing',
     edit=lambda d: TH(d)['lcd']['slides'][3].pop('heritage'))
case('slide-first-heritage', 'themes.json: themes[0].lcd.slides[0].page: the rotation must start with a next-stop page',
     edit=lambda d: TH(d)['lcd'].update(slides=TH(d)['lcd']['slides'][1:]))
case('slide-page-unknown', 'themes.json: themes[0].lcd.slides[2].page: "video" is not one of next-stop, heritage',
     edit=lambda d: TH(d)['lcd']['slides'][2].update(page='video'))
case('slide-ms-short', 'themes.json: themes[0].lcd.slides[1].ms: 500 is out of range 1000..600000',
     edit=lambda d: TH(d)['lcd']['slides'][1].update(ms=500))
case('info-share', 'themes.json: themes[0].lcd.slides: next-stop pages get 44% of the rotation, at least 50% required',
     edit=lambda d: TH(d)['lcd']['slides'][1].update(ms=20000))
case('lcd-transition-wipe', 'themes.json: themes[0].lcd.transition: LCD transitions are cut, crossfade and slide',
     edit=lambda d: TH(d)['lcd'].update(transition='wipe'))
case('lcd-transition-long', 'themes.json: themes[0].lcd.slides[1].ms: 5000 is less than twice the transition (5000 ms)',
     edit=lambda d: TH(d)['lcd'].update(transition_ms=5000))
case('led-transition-crossfade', 'themes.json: themes[0].led.transition: LED transitions are cut, scroll and wipe',
     edit=lambda d: TH(d)['led'].update(transition='crossfade'))
case('led-night-from', 'themes.json: themes[0].led.brightness.night_from: "25:00" is not HH:MM',
     edit=lambda d: TH(d)['led']['brightness'].update(night_from='25:00'))
case('led-night-zero', 'themes.json: themes[0].led.brightness.night: 0 is out of range 1..100',
     edit=lambda d: TH(d)['led']['brightness'].update(night=0))
case('ornament-height', 'themes.json: themes[0].led.ornament.art16: 32 px tall, must be 16',
     edit=lambda d: TH(d)['led']['ornament'].update(art16='art/led32.png'))
case('ornament-no-art', 'themes.json: themes[0].led.ornament: needs art16 or art32',
     edit=lambda d: TH(d)['led'].update(ornament={'ms': 2000}))
case('theme-schedule', 'themes.json: themes[0].schedule: not supported in format 1 (every theme but the default is unused)',
     edit=lambda d: TH(d).update(schedule={'weekdays': 'mon-fri'}))
case('theme-id-repeated', 'themes.json: themes[1].id: "test" repeats themes[0]',
     edit=lambda d: d['themes.json']['themes'][1].update(id='test'))
case('theme-lcd-missing', 'themes.json: themes[1].lcd: missing',
     edit=lambda d: d['themes.json']['themes'][1].pop('lcd'))


def write_dir(path, docs, raw=None, remove=(), mkdir=(), symlink=None):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.join(path, 'art'))
    for name, data in ART.items():
        with open(os.path.join(path, name), 'wb') as f:
            f.write(data)
    for name, doc in docs.items():
        with open(os.path.join(path, name), 'w', encoding='utf-8') as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write('\n')
    for name, data in (raw or {}).items():
        with open(os.path.join(path, name), 'wb') as f:
            f.write(data)
    for name in remove:
        os.remove(os.path.join(path, name))
    for name in mkdir:
        os.makedirs(os.path.join(path, name))
        # git keeps no empty directory: without this file a clean clone
        # has no routes.json at all and the case tests something else.
        with open(os.path.join(path, name, '.keep'), 'wb'):
            pass
    for name, target in (symlink or {}).items():
        os.remove(os.path.join(path, name))
        os.symlink(target, os.path.join(path, name))


def main():
    write_dir(os.path.join(HERE, 'base'), BASE)
    shutil.rmtree(os.path.join(HERE, 'cases'), ignore_errors=True)
    for name, expect, kw in CASES:
        docs = copy.deepcopy(BASE)
        if 'edit' in kw:
            kw.pop('edit')(docs)
        path = os.path.join(HERE, 'cases', name)
        write_dir(path, docs, **kw)
        with open(os.path.join(path, 'expect'), 'w', encoding='utf-8') as f:
            # PNG errors come from libpng through pngio: the prefix is ours
            # and a trailing '*' matches the rest (which must not be empty).
            f.write((expect or 'heritage.json: slides[0].art: art/square.png: *') + '\n')


main()
