package main

// exception corrects or completes the romanization of one short name.
type exception struct {
	// reading is the tone-marked pinyin, one syllable per character, where
	// go-pinyin's first reading of a character is not the one the place
	// name uses (长治 is cháng, not zhǎng).
	reading string
	// english is the name English-language Chinese media write when it is
	// not the plain pinyin (Hohhot, Inner Mongolia, Shaanxi).
	english string
	// aliases are further romanized forms really in use (Tibet, Macau,
	// Kashi).
	aliases []string
	// noPinyin drops the plain pinyin because it is another place's name:
	// the pinyin of 陕西 is Shanxi, the name of 山西.
	noPinyin bool
}

// exceptions are keyed by short Chinese name; 吉林 and 海南 name a province
// and a prefecture and share one entry.
var exceptions = map[string]exception{
	// Provincial level: the official English names.
	"北京":  {aliases: []string{"Peking"}}, // Peking University, Peking Union Medical College, Peking Opera: still written
	"内蒙古": {english: "Inner Mongolia", aliases: []string{"Nei Mongol"}},
	"重庆":  {reading: "chóng qìng"},
	"西藏":  {reading: "xī zàng", aliases: []string{"Tibet"}},
	"陕西":  {english: "Shaanxi", noPinyin: true},
	"香港":  {english: "Hong Kong", aliases: []string{"Hongkong"}},
	"澳门":  {english: "Macao", aliases: []string{"Macau"}},

	// Polyphones that go-pinyin reads with another reading.
	"长治": {reading: "cháng zhì"},
	"长春": {reading: "cháng chūn"},
	"长沙": {reading: "cháng shā"},
	"成都": {reading: "chéng dū"},
	"佛山": {reading: "fó shān"},
	"厦门": {reading: "xià mén"}, // not Amoy, which no one writes today
	"蚌埠": {reading: "bèng bù"},
	"六安": {reading: "lù ān"},
	// Right letters, wrong tone: only the tone-marked alias changes.
	"济南": {reading: "jǐ nán"},
	"济宁": {reading: "jǐ níng"},
	"济源": {reading: "jǐ yuán"},
	"台州": {reading: "tāi zhōu"},
	"丽水": {reading: "lí shuǐ"},
	"曲靖": {reading: "qǔ jìng"},

	// Cities whose English name is not the pinyin.
	"广州":   {aliases: []string{"Canton"}}, // the Canton Fair, the Canton Tower: still written
	"哈尔滨":  {english: "Harbin"},
	"齐齐哈尔": {english: "Qiqihar"},
	"大兴安岭": {english: "Da Hinggan Ling"},

	// Inner Mongolia: Mongolian names.
	"呼和浩特": {english: "Hohhot"},
	"鄂尔多斯": {english: "Ordos"},
	"呼伦贝尔": {english: "Hulunbuir", aliases: []string{"Hulun Buir"}},
	"巴彦淖尔": {english: "Bayannur"},
	"乌兰察布": {english: "Ulanqab"},
	"兴安":   {english: "Hinggan"},
	"锡林郭勒": {reading: "xī lín guō lè", english: "Xilingol", aliases: []string{"Xilin Gol"}},
	"阿拉善":  {english: "Alxa"},

	// Xinjiang: Uyghur, Kazakh, Kyrgyz and Mongolian names.
	"乌鲁木齐": {english: "Urumqi", aliases: []string{"Ürümqi"}},
	"克拉玛依": {english: "Karamay"},
	"吐鲁番":  {english: "Turpan"},
	"博尔塔拉": {english: "Bortala"},
	"巴音郭楞": {english: "Bayingolin"},
	"阿克苏":  {english: "Aksu"},
	"克孜勒苏": {reading: "kè zī lè sū", english: "Kizilsu"},
	"喀什":   {reading: "kā shí", english: "Kashgar"},
	"和田":   {english: "Hotan"},
	"伊犁":   {english: "Ili"},
	"阿勒泰":  {reading: "ā lè tài", english: "Altay"},
	"阿拉尔":  {english: "Aral"},
	"图木舒克": {english: "Tumxuk"},
	"可克达拉": {english: "Kokdala"},

	// Tibet, and the Tibetan areas of Qinghai, Sichuan and Yunnan.
	"拉萨":  {english: "Lhasa"},
	"日喀则": {english: "Xigaze", aliases: []string{"Shigatse", "Xigazê"}},
	"昌都":  {reading: "chāng dū", english: "Qamdo", aliases: []string{"Chamdo"}},
	"林芝":  {english: "Nyingchi"},
	"山南":  {aliases: []string{"Lhoka"}},
	"那曲":  {english: "Nagqu"},
	"阿里":  {english: "Ngari"},
	"果洛":  {english: "Golog"},
	"阿坝":  {english: "Ngawa"},
	"甘孜":  {english: "Garze", aliases: []string{"Kardze"}},
	"迪庆":  {aliases: []string{"Dêqên", "Deqen"}},
}

// hanAliases are Chinese forms in common use besides the full and short
// names (the X州 of every autonomous prefecture is added by rule).
var hanAliases = map[string][]string{
	"内蒙古":  {"内蒙"},
	"香港":   {"香港特区"},
	"澳门":   {"澳门特区"},
	"博尔塔拉": {"博州"},
	"巴音郭楞": {"巴州"},
	"克孜勒苏": {"克州"},
	"锡林郭勒": {"锡盟"},
	"阿拉善":  {"阿盟"},
}

// weak are the names that Find takes only right next to a mention of their
// province (辽宁朝阳, 甘肃白银), because alone they are more often a common
// word, a company or another place.
var weak = map[string]bool{
	// Common words.
	"白银": true,                   // silver
	"来宾": true,                   // guests
	"东方": true, "Dongfang": true, // the east; Dongfang Electric
	"新星": true, "Xinxing": true, // a new star
	"白杨": true, "Baiyang": true, // poplar
	"定安": true,                   // 稳定安全 (stable and safe)
	"定西": true,                   // 确定西部, 稳定西藏
	"临高": true,                   // 登临高处
	"乐东": true,                   // 快乐东方
	"双河": true, "Shuanghe": true, // a common village and river name
	"白沙": true, "Baisha": true, // white sand; a Hunan cigarette brand
	// Names of better-known other things.
	"朝阳": true, "Chaoyang": true, // Beijing's Chaoyang District; 朝阳产业 (sunrise industry)
	"阿里": true, "Ali": true, // Alibaba
	"Aba": true,                     // ABA, the American Bar Association; Abba
	"山南":  true,                     // 泰山南麓 (south of Mount Tai)
	"昌江":  true, "Changjiang": true, // Jingdezhen's Changjiang District; the Yangtze (长江)
	"Yili": true, // Yili Group, the dairy company (伊利)
	"Aral": true, // the Aral Sea
	"巴州":   true, // Bazhong's Bazhou District
	"阿盟":   true, // the Arab League (阿拉伯国家联盟)
}
