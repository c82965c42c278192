#!/usr/bin/env python3
"""Hanyu Pinyin names (GB/T 17693 style, no tones, generic part dropped) for divisions.tsv.

Usage: python make_region_names.py [DIVISIONS_TSV] [OUT_TSV]     (needs pypinyin)
"""
import os
from pathlib import Path
import re
import sys
from pypinyin import lazy_pinyin, Style

HERE = os.path.dirname(os.path.abspath(__file__))

PROVINCES = {
    "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi",
    "150000": "Inner Mongolia", "210000": "Liaoning", "220000": "Jilin",
    "230000": "Heilongjiang", "310000": "Shanghai", "320000": "Jiangsu",
    "330000": "Zhejiang", "340000": "Anhui", "350000": "Fujian", "360000": "Jiangxi",
    "370000": "Shandong", "410000": "Henan", "420000": "Hubei", "430000": "Hunan",
    "440000": "Guangdong", "450000": "Guangxi", "460000": "Hainan", "500000": "Chongqing",
    "510000": "Sichuan", "520000": "Guizhou", "530000": "Yunnan", "540000": "Tibet",
    "610000": "Shaanxi", "620000": "Gansu", "630000": "Qinghai", "640000": "Ningxia",
    "650000": "Xinjiang", "710000": "Taiwan", "810000": "Hong Kong", "820000": "Macao",
}

# Whole names whose established official romanisation is not the pinyin of the characters.
WHOLE = {
    "哈尔滨": "Harbin", "齐齐哈尔": "Qiqihar", "呼和浩特": "Hohhot",
    "乌鲁木齐": "Urumqi", "拉萨": "Lhasa",
    "芒市": "Mangshi",          # the whole name is the proper name (Dai mang + shi)
}

# Place-name readings of polyphonic characters (phrase -> syllables), longest match first.
PHRASES = {
    "重庆": "chong qing", "长子": "zhang zi", "厦门": "xia men", "蚌埠": "beng bu",
    "六安": "lu an", "六合": "lu he", "番禺": "pan yu", "乐清": "yue qing", "乐亭": "lao ting",
    "铅山": "yan shan", "尉氏": "yu shi", "尉犁": "yu li", "莘": "shen", "单": "shan",
    "蔚": "yu", "浚": "xun", "歙": "she", "蠡": "li", "费": "fei", "冠": "guan", "滑": "hua",
    "睢": "sui", "涡阳": "guo yang", "泌阳": "bi yang", "洪洞": "hong tong",
    "荥阳": "xing yang", "荥经": "ying jing", "犍为": "qian wei", "筠连": "jun lian",
    "珲春": "hun chun", "枞阳": "zong yang", "柞水": "zha shui", "莎车": "sha che",
    "盱眙": "xu yi", "临朐": "lin qu", "句容": "ju rong", "大埔": "da bu", "吴堡": "wu bu",
    "柏乡": "bai xiang", "繁峙": "fan shi", "鄱阳": "po yang", "漯河": "luo he",
    "召陵": "shao ling", "东阿": "dong e", "阿城": "a cheng", "都": "du", "长": "chang",
    "乐": "le", "宿": "su", "会": "hui", "朝": "chao", "曾都": "zeng du",
    "吐鲁番": "tu lu fan", "番": "pan", "沈": "shen", "栖霞": "qi xia", "济": "ji",
    "濮": "pu", "渑池": "mian chi", "弋阳": "yi yang", "叶": "ye", "郏": "jia",
    "石": "shi", "台": "tai", "宁": "ning", "南": "nan", "大": "da", "和": "he",
    "沙": "sha", "广": "guang", "青": "qing", "溪": "xi", "平": "ping",
    "鲅鱼圈": "ba yu quan", "解放": "jie fang", "藏": "zang", "阿": "a",
    "铁岭": "tie ling", "行唐": "xing tang", "茄子河": "qie zi he", "虹口": "hong kou",
    "长汀": "chang ting", "丹巴": "dan ba", "喀喇沁": "ka la qin", "什邡": "shi fang",
    "巴彦": "ba yan", "盖州": "gai zhou", "繁昌": "fan chang", "牟平": "mu ping",
    "中牟": "zhong mou", "华": "hua", "峨": "e", "查": "cha", "兖州": "yan zhou",
    "莞": "guan", "涪": "fu", "蓝": "lan", "埔": "pu", "堡": "bao", "给": "gei",
    "仇": "qiu", "员": "yuan", "阆中": "lang zhong", "郫": "pi", "邛": "qiong",
    "栾": "luan", "闵行": "min hang", "马尾": "ma wei", "蚌": "beng", "龙圩": "long xu", "浪卡子": "lang ka zi", "勒": "le", "什": "shi", "隰": "xi", "洛": "luo", "校": "xiao", "柏": "bai",
}
_PH = sorted(PHRASES, key=len, reverse=True)

BANNER_DIR = ["左翼前", "左翼中", "左翼后", "右翼前", "右翼中", "右翼后",
              "左", "右", "前", "中", "后"]


def syllables(zh):
    out, i = [], 0
    while i < len(zh):
        for p in _PH:
            if zh.startswith(p, i):
                out += PHRASES[p].split()
                i += len(p)
                break
        else:
            j = i + 1            # extend the unmatched run up to the next phrase start
            while j < len(zh) and not any(zh.startswith(p, j) for p in _PH):
                j += 1
            out += lazy_pinyin(zh[i:j], style=Style.NORMAL, v_to_u=True)
            i = j
    return out


def join(syls):
    """Concatenate syllables, apostrophe before a/o/e after the first syllable."""
    s = ""
    for k, y in enumerate(syls):
        if k and y[0] in "aoe":
            s += "'"
        s += y
    return s[:1].upper() + s[1:]


def proper_name(name, short, level):
    """The proper (specific) part of a name and how it was found."""
    if name in WHOLE or short in WHOLE:
        return name if name in WHOLE else short
    s = short
    if s.endswith("新") and name.endswith("新区") and len(s) > 2:       # 浦东新区 -> 浦东
        s = s[:-1]
    if s == "克孜勒苏柯尔克孜":
        s = "克孜勒苏"
    if s.endswith("自治旗"):                                        # 鄂伦春自治旗
        s = s[: -3]
    for eth in ("族",):
        if s.endswith(eth) and len(s) > 2:                          # 鄂温克族, 东乡族
            s = s[:-1]
    if s == name and len(name) >= 2 and name[-1] in "县区市旗":      # single-character names
        if name in ("城区", "矿区", "郊区", "东区", "西区"):           # name is all generic
            return name
        s = name[:-1]
    return s


def romanise(row):
    code, name, level, parent, short = row
    if level == "province":
        return PROVINCES[code]
    p = proper_name(name, short, level)
    if p in WHOLE:
        return WHOLE[p]
    if name.endswith("旗") and level == "county":
        for d in BANNER_DIR:
            if p.endswith(d) and len(p) > len(d):
                base = p[: -len(d)]
                gen = syllables(d) + ["qi"]
                # 左翼前旗 -> Zuoyi Qianqi
                if len(d) == 3:
                    return join(syllables(base)) + " " + join(syllables(d[:2])) + " " + join(syllables(d[2]) + ["qi"])
                return join(syllables(base)) + " " + join(gen)
    return join(syllables(p))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "kg" / "data" / "divisions.tsv")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "region_names_en.tsv")
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("adcode\t"):
                continue
            a = line.rstrip("\n").split("\t")
            if len(a) >= 5:
                rows.append(a[:5])
    names = {r[0]: romanise(r) for r in rows}
    # siblings that would share a romanisation (临夏市/临夏县): keep the generic
    from collections import defaultdict
    groups = defaultdict(list)
    for r in rows:
        groups[(r[3], r[2], names[r[0]])].append(r)
    for key, rs in groups.items():
        if len(rs) > 1:
            for r in rs:
                gen = r[1][len(proper_name(r[1], r[4], r[2])):]
                gen = re.sub(r".*?(矿区|县|市|区)$", r"\1", gen)
                names[r[0]] += " " + join(syllables(gen))
                print("disambiguated:", r[1], "->", names[r[0]])
    with open(dst, "w", encoding="utf-8") as fo:
        fo.write("adcode\tname\tname_en\n")
        for r in rows:
            fo.write("%s\t%s\t%s\n" % (r[0], r[1], names[r[0]]))
    print(len(rows), "rows ->", dst)


if __name__ == "__main__":
    main()
