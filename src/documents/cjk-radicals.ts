/**
 * The CJK Radicals Supplement characters (U+2E80–U+2EFF) that stand for a unified ideograph, each with that
 * ideograph. A PDF's fonts may give one glyph both code points, and its text layer may then carry the radical where
 * the ideograph was printed: Chromium with Noto CJK writes 人民 as "人⺠", 部门 as "部⻔". The table is the block's
 * entries of the Unicode Character Database's Equivalent_Unified_Ideograph property (EquivalentUnifiedIdeograph.txt,
 * version 15.0.0), every one of them; the block's only other character, U+2E80 CJK RADICAL REPEAT, has no
 * equivalent there. Two of them (⺟ U+2E9F, ⻳ U+2EF3) also have a compatibility decomposition, as the whole Kangxi
 * Radicals block (U+2F00–U+2FDF) has: NFKC, which the parser's normalisation applies, folds those already.
 */
const EQUIVALENT_UNIFIED_IDEOGRAPHS: ReadonlyArray<readonly [radical: number, ideograph: number]> = [
  [0x2e81, 0x5382], // ⺁ 厂 cliff
  [0x2e82, 0x4e5b], // ⺂ 乛 second one
  [0x2e83, 0x4e5a], // ⺃ 乚 second two
  [0x2e84, 0x4e59], // ⺄ 乙 second three
  [0x2e85, 0x4ebb], // ⺅ 亻 person
  [0x2e86, 0x5182], // ⺆ 冂 box
  [0x2e87, 0x20628], // ⺇ 𠘨 table
  [0x2e88, 0x5200], // ⺈ 刀 knife one
  [0x2e89, 0x5202], // ⺉ 刂 knife two
  [0x2e8a, 0x535c], // ⺊ 卜 divination
  [0x2e8b, 0x353e], // ⺋ 㔾 seal
  [0x2e8c, 0x5c0f], // ⺌ 小 small one
  [0x2e8d, 0x5c0f], // ⺍ 小 small two
  [0x2e8e, 0x5140], // ⺎ 兀 lame one
  [0x2e8f, 0x5c23], // ⺏ 尣 lame two
  [0x2e90, 0x5c22], // ⺐ 尢 lame three
  [0x2e91, 0x21bc2], // ⺑ 𡯂 lame four
  [0x2e92, 0x5df3], // ⺒ 巳 snake
  [0x2e93, 0x5e7a], // ⺓ 幺 thread
  [0x2e94, 0x5f51], // ⺔ 彑 snout one
  [0x2e95, 0x2b739], // ⺕ 𫜹 snout two
  [0x2e96, 0x5fc4], // ⺖ 忄 heart one
  [0x2e97, 0x5fc3], // ⺗ 心 heart two
  [0x2e98, 0x624c], // ⺘ 扌 hand
  [0x2e99, 0x6535], // ⺙ 攵 rap
  [0x2e9b, 0x65e1], // ⺛ 旡 choke
  [0x2e9c, 0x65e5], // ⺜ 日 sun
  [0x2e9d, 0x6708], // ⺝ 月 moon
  [0x2e9e, 0x6b7a], // ⺞ 歺 death
  [0x2e9f, 0x6bcd], // ⺟ 母 mother
  [0x2ea0, 0x6c11], // ⺠ 民 civilian
  [0x2ea1, 0x6c35], // ⺡ 氵 water one
  [0x2ea2, 0x6c3a], // ⺢ 氺 water two
  [0x2ea3, 0x706c], // ⺣ 灬 fire
  [0x2ea4, 0x722b], // ⺤ 爫 paw one
  [0x2ea5, 0x722b], // ⺥ 爫 paw two
  [0x2ea6, 0x4e2c], // ⺦ 丬 simplified half tree trunk
  [0x2ea7, 0x725b], // ⺧ 牛 cow
  [0x2ea8, 0x72ad], // ⺨ 犭 dog
  [0x2ea9, 0x738b], // ⺩ 王 jade
  [0x2eaa, 0x24d14], // ⺪ 𤴔 bolt of cloth
  [0x2eab, 0x76ee], // ⺫ 目 eye
  [0x2eac, 0x793a], // ⺬ 示 spirit one
  [0x2ead, 0x793b], // ⺭ 礻 spirit two
  [0x2eae, 0x25ad7], // ⺮ 𥫗 bamboo
  [0x2eaf, 0x7cf9], // ⺯ 糹 silk
  [0x2eb0, 0x7e9f], // ⺰ 纟 c-simplified silk
  [0x2eb1, 0x7f53], // ⺱ 罓 net one
  [0x2eb2, 0x7f52], // ⺲ 罒 net two
  [0x2eb3, 0x34c1], // ⺳ 㓁 net three
  [0x2eb4, 0x5197], // ⺴ 冗 net four
  [0x2eb5, 0x2626b], // ⺵ 𦉫 mesh
  [0x2eb6, 0x7f8a], // ⺶ 羊 sheep
  [0x2eb7, 0x2634c], // ⺷ 𦍌 ram
  [0x2eb8, 0x2634b], // ⺸ 𦍋 ewe
  [0x2eb9, 0x8002], // ⺹ 耂 old
  [0x2eba, 0x8080], // ⺺ 肀 brush one
  [0x2ebb, 0x807f], // ⺻ 聿 brush two
  [0x2ebc, 0x8089], // ⺼ 肉 meat
  [0x2ebd, 0x26951], // ⺽ 𦥑 mortar
  [0x2ebe, 0x8279], // ⺾ 艹 grass one
  [0x2ebf, 0x8279], // ⺿ 艹 grass two
  [0x2ec0, 0x8279], // ⻀ 艹 grass three
  [0x2ec1, 0x864e], // ⻁ 虎 tiger
  [0x2ec2, 0x8864], // ⻂ 衤 clothes
  [0x2ec3, 0x8980], // ⻃ 覀 west one
  [0x2ec4, 0x897f], // ⻄ 西 west two
  [0x2ec5, 0x89c1], // ⻅ 见 c-simplified see
  [0x2ec6, 0x89d2], // ⻆ 角 simplified horn
  [0x2ec7, 0x278b2], // ⻇ 𧢲 horn
  [0x2ec8, 0x8ba0], // ⻈ 讠 c-simplified speech
  [0x2ec9, 0x8d1d], // ⻉ 贝 c-simplified shell
  [0x2eca, 0x27fb7], // ⻊ 𧾷 foot
  [0x2ecb, 0x8f66], // ⻋ 车 c-simplified cart
  [0x2ecc, 0x8fb6], // ⻌ 辶 simplified walk
  [0x2ecd, 0x8fb6], // ⻍ 辶 walk one
  [0x2ece, 0x8fb6], // ⻎ 辶 walk two
  [0x2ecf, 0x9091], // ⻏ 邑 city
  [0x2ed0, 0x9485], // ⻐ 钅 c-simplified gold
  [0x2ed1, 0x9577], // ⻑ 長 long one
  [0x2ed2, 0x9578], // ⻒ 镸 long two
  [0x2ed3, 0x957f], // ⻓ 长 c-simplified long
  [0x2ed4, 0x95e8], // ⻔ 门 c-simplified gate
  [0x2ed5, 0x28e0f], // ⻕ 𨸏 mound one
  [0x2ed6, 0x961d], // ⻖ 阝 mound two
  [0x2ed7, 0x96e8], // ⻗ 雨 rain
  [0x2ed8, 0x9752], // ⻘ 青 blue
  [0x2ed9, 0x97e6], // ⻙ 韦 c-simplified tanned leather
  [0x2eda, 0x9875], // ⻚ 页 c-simplified leaf
  [0x2edb, 0x98ce], // ⻛ 风 c-simplified wind
  [0x2edc, 0x98de], // ⻜ 飞 c-simplified fly
  [0x2edd, 0x98df], // ⻝ 食 eat one
  [0x2ede, 0x2967f], // ⻞ 𩙿 eat two
  [0x2edf, 0x98e0], // ⻟ 飠 eat three
  [0x2ee0, 0x9963], // ⻠ 饣 c-simplified eat
  [0x2ee1, 0x29810], // ⻡ 𩠐 head
  [0x2ee2, 0x9a6c], // ⻢ 马 c-simplified horse
  [0x2ee3, 0x9aa8], // ⻣ 骨 bone
  [0x2ee4, 0x9b3c], // ⻤ 鬼 ghost
  [0x2ee5, 0x9c7c], // ⻥ 鱼 c-simplified fish
  [0x2ee6, 0x9e1f], // ⻦ 鸟 c-simplified bird
  [0x2ee7, 0x5364], // ⻧ 卤 c-simplified salt
  [0x2ee8, 0x9ea6], // ⻨ 麦 simplified wheat
  [0x2ee9, 0x9ec4], // ⻩ 黄 simplified yellow
  [0x2eea, 0x9efe], // ⻪ 黾 c-simplified frog
  [0x2eeb, 0x6589], // ⻫ 斉 j-simplified even
  [0x2eec, 0x9f50], // ⻬ 齐 c-simplified even
  [0x2eed, 0x6b6f], // ⻭ 歯 j-simplified tooth
  [0x2eee, 0x9f7f], // ⻮ 齿 c-simplified tooth
  [0x2eef, 0x7adc], // ⻯ 竜 j-simplified dragon
  [0x2ef0, 0x9f99], // ⻰ 龙 c-simplified dragon
  [0x2ef1, 0x9f9c], // ⻱ 龜 turtle
  [0x2ef2, 0x4e80], // ⻲ 亀 j-simplified turtle
  [0x2ef3, 0x9f9f], // ⻳ 龟 c-simplified turtle
];

const IDEOGRAPH_OF: ReadonlyMap<string, string> = new Map(
  EQUIVALENT_UNIFIED_IDEOGRAPHS.map(([radical, ideograph]) => [String.fromCodePoint(radical), String.fromCodePoint(ideograph)]),
);

const SUPPLEMENT_RADICAL = /[\u2E80-\u2EFF]/g;

/** The text with each CJK Radicals Supplement character that stands for a unified ideograph replaced by it. */
export function withUnifiedIdeographs(text: string): string {
  return text.replace(SUPPLEMENT_RADICAL, (radical) => IDEOGRAPH_OF.get(radical) ?? radical);
}
