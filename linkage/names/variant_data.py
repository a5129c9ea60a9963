"""Curated romanisation-variant table: canonical spelling, then its variants.

One line per name; every spelling on a line is the same name written by a
different convention (Arabic, South Asian, West African, Slavic national
romanisations; Chinese family names in pinyin, Wade-Giles and Cantonese).
Only spellings of one name belong together: Mahmud is not
Muhammad, and nicknames live in name symbols, not here. The canonical form is
just a stable key; it need not be the commonest spelling.
"""

VARIANTS = """
muhammad: mohammad mohammed mohamed mohamad muhammed mohammod mohamud mohd md mohamet mhamed mhammed
    mouhamed mouhammad muhamed muhamad mahomed mahammad muhammadu mohammadu mukhammed
    mukhammad magomed mohamood mohammd mhd mohmmad mohammat mahamat mahamad mahammat
    mouhamadou mohamadou maxamed maxammed muh moch moh mochammad mochamad muchammad muchamad
ahmad: ahmed ahmet akhmed achmed ahamad ahmod ahmadu ahmadou amadou amadu hamadou achmad
mahmud: mahmoud mehmood mahmood mahmut makhmud mahamud
hasan: hassan hasen hassen hasaan hasson alassane alasane alhassane
husayn: hussein husain hussain hossain hosain hossen hussin husein huseyn hussien hosein
    hussen hossein hussaini husyn
hasanayn: hasnain hasnayn
ali: aly aliou alioune aliyu aliu
umar: omar omer umer oumar
uthman: osman othman usman usmaan ousmane usmane ousman osmane
abdullah: abdallah abdulla abdellah abdalla abdoulaye abdulah abdullahi abdallahi
    abdoulay abdulai abdulaye
yusuf: yousuf yousef youssef yusef yousif yossef yousouf youcef yusup
ibrahim: ebrahim ibraheem brahim ibrahima ebrahima ibragim
ismail: ismael ismayil esmail ismaeel ismaila
ishaq: ishak ishaque issiaka ishaka isiaka
yaqub: yakub yacoub yaqoob yakoub yacouba
idris: idriss idrissa edris driss
isa: issa eisa
musa: moussa mousa mussa
sulayman: suleiman sulaiman soliman suleman souleymane sulemana sulaimon suleyman
abubakar: aboubakar boubacar aboubacar abubakr aboubakr abubaker abu-bakr bubacarr bubakar
    boubakar
khalid: khaled kalid khaleed
said: saeed saied sayeed saeid saiid seydou saidou seidou saidu
sayyid: syed sayed sayyed seyed seyyed
karim: kareem kerim karimu
bahadur: bdr bahadoor bahdur
prasad: pd prashad parsad
kumar: kr kumer
rahman: rehman rahaman rahmaan rahmane rahmon
rahim: raheem rohim rahime
aziz: azeez
hamid: hameed hamed
rashid: rasheed rachid rashed
majid: majeed madjid
jamal: gamal jamaal djamal
jalal: jalaal
nasir: naser nasser nassir naseer
mustafa: mostafa moustafa mustapha mostofa moustapha
yahya: yahia yehia yahyah
zakariya: zakaria zakariyya zakaryia
faruq: farooq faruk farouk farook
tariq: tarek tareq tarik tarique
iqbal: ikbal ekbal
islam: eslam
shafiq: shafik shafique
rafiq: rafik rafique
qadir: kader kadir qader qadeer kadeer
latif: lateef lotif
malik: malek
wahab: wahhab
hamza: hamzah hamzeh hamsa
imran: emran imraan
bilal: belal
faisal: faysal faycal feisal
salih: saleh saleeh
adam: adem adoum
nabil: nabeel
samir: sameer
jamil: jameel djamil
kamal: kemal
habib: habeeb
hafiz: hafez hafeez
tahir: taher
zahid: zahed jahid
zakir: jakir zakeer
shahid: shaheed shahed
javed: javaid jawed
junaid: junayd
arif: aref areef
asif: asaf
naim: naeem
nasrin: nasreen
rabia: rabeya rabea rabeia
amina: aminah ameena
halima: halimah
zahra: zohra zahraa
salma: selma
begum: begom
mamadou: mamadu
aminata: aminatou
sattar: satar
jabbar: jabar
ghani: gani
haq: haque huq hoque hak
alam: alom
nur: noor nour nurul noorul
amin: ameen amine lamine alamine lemine
anwar: anowar anouar
shaikh: sheikh shaykh sheik shekh cheikh cheick
tijani: tidiane tidjane tijane tidjani tidiani
fatima: fatma fatemah fatimah fatema fatoumata fatimata fatouma
khadija: khadeeja khadidja khadijah khadidiatou kadidiatou kadiatou khadidia kadidia
aisha: ayesha aysha aicha aishah ayisha aissatou aissata aichatou aishatu aisatou
maryam: mariam miriam mariyam meryem mariama
zaynab: zainab zeinab zeinabou djeneba
khatun: khatoon
akhtar: akter akhter aktar
chowdhury: chaudhry chaudhary choudhury chowdhuri chaudhuri chowdhry choudhary ch
bhuiyan: bhuiya bhuyan bhuiyaan
talukdar: talukder
sarkar: sircar sarker
sharma: sarma
mohiuddin: muhiuddin mohiudin
uddin: uddeen eddine eddin addin
osmani: usmani
gebre: ghebre gabre gebra
wolde: welde walda wolda
haile: hayle
tesfaye: tesfay
yohannes: johannes yohanes yohannis
kwasi: kouassi kwesi kouasi
kojo: kodjo kwadwo kouadio kouadjo
kwame: kouame kwamena
kofi: koffi
yao: yaw
kwaku: kouakou kweku
kwabena: kouabena
adwoa: adjoua
afua: affoue
akosua: akissi
ama: amma
diallo: djalo jallow djallo
siddiqui: siddique siddiqi siddiki siddik siddiq siddick
iyer: ayyar aiyar aiyer
toure: turay
ba: bah
cisse: sise sisse sesay sissay
ouattara: wattara watara
qadhafi: gaddafi qaddafi kadhafi gadhafi kaddafi qathafi gathafi kadafi gadaffi
shrestha: shresta srestha shreshtha
zhang: chang cheung cheong
wang: wong
chen: chan
li: lee
liu: lau
huang: hwang
zhao: chao
zhou: chou chow
xu: hsu tsui
guo: kuo kwok
gao: kao ko
lin: lim lam
yang: yeung
xie: hsieh tse
wu: woo
zhu: chu
sun: suen
aleksandr: alexander alexandr aleksander oleksandr olexandr oleksander alexandre
sergei: sergey serhii serhiy sergiy sergii serguei
andrei: andrey andrii andriy
dmitri: dmitry dmitriy dmitrii dmytro dmitrij
nikolai: nikolay mykola nikolaj
vladimir: volodymyr wladimir
mikhail: mykhailo mikhael mykhaylo
aleksei: alexey aleksey alexei oleksii oleksiy aleksej
yevgeni: evgeny evgeniy evgenii yevgeny yevhen ievgen yevhenii evgenij
yuri: yury yurii yuriy iurii jurij
grigori: grigory grigoriy grigorii hryhorii hryhoriy
pyotr: petr petro
vasili: vasily vasiliy vasyl vasilii
vitali: vitaly vitaliy vitalii
anatoli: anatoly anatoliy anatolii
viktor: victor
oleg: oleh
igor: ihor
konstantin: kostiantyn kostyantyn konstantyn
maksim: maxim maksym
pavel: pavlo
georgi: georgy georgiy heorhii heorhiy
yelena: elena olena jelena
natalya: nataliya natalia natalija
tatyana: tatiana tetiana tetyana
olga: olha
"""
