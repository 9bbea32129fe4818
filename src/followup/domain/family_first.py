"""Family names of the traditions that write the family name first, in Latin letters.

nameparser reads "Chua Wei Ling" as given name Chua, family name Ling: it knows the order of
names written in Han or Hangul script, but a romanised name gives no sign of its order. So a
name whose first word is one of these is not read for a given name at all (``names.py``
greets by the full name, which is always right). The lists are coverage floors, the most
common spellings of each tradition, not rosters; a name they miss can still be addressed by
hand with ``contact edit --greet``.

A few entries are also given names elsewhere (Kim, Lee, Jo, Abe, Mai): those names are
greeted in full too, which reads a little formal but never wrong. Hungarian surnames that
are first of all given names (László, Simon, Antal ...) are left out: there, greeting by the
first word is right far more often than not.

Entries are folded (no accents, lower case), as ``fold`` folds a word before looking it up.
"""

from __future__ import annotations

import unicodedata


def fold(word: str) -> str:
    """``Kovács`` -> ``kovacs``, ``Nguyễn`` -> ``nguyen``: spellings with or without accents."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_CHINESE = """
    wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng
    liang xie song tang han deng feng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye
    cheng wei su lu ding ren shen yao zhong cui tan fan liao shi jin jia xia fu fang zou xiong
    bai meng qin qiu hou yin xue yan duan lei long tao mao hao gu gong shao wan qian dai mo kong
    xiang chang
    lim lee ng ong wong goh chua chan koh teo ang yeo tay ho low toh sim chong chia foo leong
    lau yap seah heng chew quek pang soh phua neo kwok cheung leung yip tse chow mok fung tsang
    kwan siu lam chin lai tsai hsu hsieh kuo hung tseng kao chou chiu yeh lo teng hsiao loh khoo
    tee yong choo cheah liew chai poh ting kok gan tung au ip
"""  # Mandarin pinyin, then Hokkien, Teochew, Cantonese, Hakka and Wade-Giles spellings

_KOREAN = """
    kim lee yi rhee park pak bak choi choe jung jeong chung kang cho jo yoon yun jang chang
    lim im han oh seo suh shin sin kwon hwang ahn an song jeon chun hong yoo yu ryu ko go moon
    mun yang son bae baek paik heo huh nam sim shim noh roh ha kwak sung seong cha joo ju woo
    koo gu min jin ji eom um won chae byun yeo kil gil pyo myung ki bang gong hyun
"""

_VIETNAMESE = """
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly truong dinh lam mai
    trinh ha cao luong luu doan vuong thai quach
"""

_JAPANESE = """
    sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada
    sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto
    yamashita ishikawa nakajima maeda fujita ogawa goto okada hasegawa murakami kondo ishii
    saito sakamoto endo aoki fujii nishimura fukuda ota miura takeuchi nakagawa okamoto
    matsuda harada nakano
"""  # Japanese names are often written given name first in English, but not always

_HUNGARIAN = """
    nagy kovacs toth szabo horvath varga kiss molnar nemeth farkas balogh papp takacs juhasz
    lakatos meszaros olah racz fekete szilagyi torok feher gal kis szucs kocsis orsos pinter
    fodor szalai sipos magyar gulyas biro kiraly katona balog boros fazekas somogyi orosz veres
    vincze hegedus budai deak pap vass szoke fabian voros lengyel bognar bodnar hajdu halasz
    kozma szekely pasztor bakos dudas orban novak soos nemes pataki balla kun mezei szekeres
    csonka gyori benko szenasi szasz kardos erdos hegyi
"""

FAMILY_FIRST: frozenset[str] = frozenset(
    (_CHINESE + _KOREAN + _VIETNAMESE + _JAPANESE + _HUNGARIAN).split()
)
