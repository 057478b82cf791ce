#!/usr/bin/env python3
"""Writes the (document, path) pairs the golden file covers, as JSON lines on stdout.

Every syntax form of Jayway paths and filters, the error messages, and the quirks that decide
results (missing leaves in indefinite paths, wildcards over objects, Java equality in filters).
Paths that AWS reads differently from Jayway are left out: `$name` (a variable on AWS), path
functions such as `.length()` (AWS has none, see cpp/path/jsonpath.h), and `$` on a null document
(Jayway refuses any null document; AWS's `$` passes it through).
"""
import json
import sys

STORE = {
    "store": {
        "book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century",
             "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour",
             "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick",
             "isbn": "0-553-21311-3", "price": 8.99},
            {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings",
             "isbn": "0-395-19395-8", "price": 22.99},
        ],
        "bicycle": {"color": "red", "price": 19.95},
    },
    "expensive": 10,
}

TYPES = {
    "int": 1, "neg": -7, "big": 3000000000, "flt": 1.5, "one_f": 1.0, "exp": 1e20, "small": 0.0001,
    "zero": 0, "str": "text", "num_str": "1", "num_str_f": "1.0", "empty_str": "", "t": True,
    "f": False, "nul": None, "arr": [1, 2, 3], "empty_arr": [], "obj": {"a": 1, "b": [1, 2]},
    "empty_obj": {}, "uni": "h\u00e9llo \U0001F600", "key with space": 1, "it's": 2,
    "dot.key": 3, "q\"uote": 4, "-dash": 5, "1": "numeric key",
}

ITEMS = {
    "items": [
        {"id": 1, "name": "apple", "tags": ["red", "fruit"], "price": 1.5, "qty": 10,
         "size": "S", "ok": True, "meta": {"w": 1}},
        {"id": 2, "name": "banana", "tags": ["yellow", "fruit"], "price": 0.25, "qty": 0,
         "size": "M", "ok": False, "meta": {"w": 2}},
        {"id": 3, "name": "Cherry", "tags": [], "price": 3, "qty": 5, "size": "L", "ok": None},
        {"id": "4", "name": "date", "price": "2", "size": "XL", "meta": None},
        {"id": 5, "name": "", "tags": ["red"], "price": 10.0, "qty": -1},
        "not an object",
        7,
        None,
        [1, 2],
    ],
    "limit": 2,
    "sizes": ["S", "M"],
    "flag": True,
}

NESTED = {
    "a": {"b": {"c": 1, "d": [{"c": 2}, {"c": 3, "e": {"c": 4}}]}, "c": 0},
    "list": [[1, 2, [3, 4]], [5], {"c": 6}],
    "c": [7, 8],
}

ARRAYS = {"n": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "e": [], "one": ["x"], "mixed": [1, "a", None, True,
          {"k": 1}, [2]]}

ROOT_ARRAY = [{"a": 1}, {"a": 2, "b": 3}, {"b": 4}, 5, "s", None, [6]]

DOCS = {"store": STORE, "types": TYPES, "items": ITEMS, "nested": NESTED, "arrays": ARRAYS,
        "root_array": ROOT_ARRAY, "scalar": "just a string", "number": 42, "null": None}

CASES = {
    "store": [
        "$", "$.store", "$.store.book", "$.store.book[0]", "$.store.book[0].author",
        "$['store']['book'][1]['title']", '$["store"]["bicycle"]["color"]', "$.store.book[-1].title",
        "$.store.book[*].author", "$..author", "$.store.*", "$.store..price", "$..book[2]",
        "$..book[-1:]", "$..book[0,1]", "$..book[:2]", "$..book[1:2]", "$..book[?(@.isbn)]",
        "$..book[?(@.price<10)]", "$..book[?(@.price < $.expensive)].title", "$..*",
        "$.store.book[*].isbn", "$.store.book[?(@.author =~ /.*REES/i)]",
        "$.store.book[?(@.category == 'fiction' && @.price > 10)].title",
        "$.store.book[?(@.category == 'reference' || @.price > 20)].title",
        "$.store.book[?(!(@.price > 10))].title", "$.store.book[?(!@.isbn)].title",
        "$.store.bicycle.*", "$.store.bicycle['color','price']",
        "$.store['bicycle','book'][0]", "$..['color','price']",
        "$.store.book[?(@.price in [8.95, 8.99])].title", "$..price", "$..[0]", "$..[*].title",
        "$..book[*].title", "$.store..[?(@.price > 20)].title", "$.store.book[*]['author','price']",
        "$.store.book[1:3].price", "$.store.book[-2:].title", "$.store.book[:-2].title",
        "$.store.bicycle.color.x", "$.store.nothing", "$.store.nothing.deeper", "$.store.book[9]",
        "$.store.book[0].nothing", "$.store.book[*].nothing", "$.store.book[*].nothing.deeper",
        "$.store.bicycle[0]", "$.store.book.title", "$.expensive.x", "$.expensive[0]",
    ],
    "types": [
        "$.int", "$.big", "$.flt", "$.one_f", "$.exp", "$.small", "$.uni", "$['key with space']",
        "$['it\\'s']", "$[\"it's\"]", "$['dot.key']", "$.dot.key", "$['q\"uote']", '$["q\\"uote"]',
        "$.-dash", "$['1']", "$.1", "$['\\u0068ello']", "$['a\\tb']", "$['\\x']",
        "$.int.x", "$.neg.x", "$.big.x", "$.flt.x", "$.exp.x", "$.str.x", "$.t.x", "$.f.x",
        "$.nul.x", "$.arr.x", "$.empty_arr.x", "$.int[0]", "$.big[0]", "$.flt[0]", "$.exp[0]",
        "$.small[0]", "$.str[0]", "$.t[0]", "$.nul[0]", "$.obj[0]", "$.empty_obj[0]",
        "$.obj[0].a", "$.uni[0]", "$.nul.x.y", "$.nul[0].x", "$.arr[1].x", "$.obj.b[5]",
        "$.obj.b[-3]", "$.*", "$.obj.*", "$.arr[*]", "$.empty_arr[*]", "$.empty_obj.*",
        "$.str.*", "$.nul.*", "$.int[*]", "$.obj.b[*].x", "$['int','flt','nope']",
        "$['nope1','nope2']", "$['int','str'].x", "$['obj','arr'][0]", "$['obj','arr'].a",
        "$.arr[0,1,5]", "$.arr[-1,0]", "$.arr[ 0 , 2 ]", "$.arr[1:]", "$.arr[:1]", "$.arr[-2:]",
        "$.arr[:-1]", "$.arr[0:0]", "$.arr[2:1]", "$.arr[-1:2]", "$.arr[-9:2]", "$.arr[1:99]",
        "$.arr[99:]", "$.arr[:99]", "$.arr[:-99]", "$.arr[-99:]", "$.arr[1:2:3]", "$.str[1:]",
        "$.nul[1:]", "$.obj[1:]",
    ],
    "items": [
        "$.items[?(@.id == 1)].name", "$.items[?(@.id == '1')].name", "$.items[?(@.id == 4)].name",
        "$.items[?(@.id == '4')].name", "$.items[?(@.price == 3)].name",
        "$.items[?(@.price == 3.0)].name", "$.items[?(@.price == '3')].name",
        "$.items[?(@.price == '3.0')].name", "$.items[?(@.price == 2)].name",
        "$.items[?(@.price == 10)].name", "$.items[?(@.price == '10.0')].name",
        "$.items[?(@.price === 3)].name", "$.items[?(@.price !== 3)].name",
        "$.items[?(@.price != 1.5)].name", "$.items[?(@.name < 'b')].name",
        "$.items[?(@.name > 'B')].name", "$.items[?(@.name >= 'cherry')].name",
        "$.items[?(@.name <= '')].id", "$.items[?(@.qty > 0)].name", "$.items[?(@.qty >= 0)].name",
        "$.items[?(@.qty < 1)].name", "$.items[?(@.qty <= -1)].name", "$.items[?(@.price > '1')].name",
        "$.items[?(@.ok == true)].name", "$.items[?(@.ok == false)].name",
        "$.items[?(@.ok == null)].name", "$.items[?(@.ok != null)].name",
        "$.items[?(@.meta == null)].name", "$.items[?(@.ok)].name", "$.items[?(!@.ok)].name",
        "$.items[?(@.tags)].name", "$.items[?(@.meta.w)].name", "$.items[?(@.meta.w == 2)].name",
        "$.items[?(@.name =~ /.*an.*/)].name", "$.items[?(@.name =~ /c.*/i)].name",
        "$.items[?(@.name =~ /c.*/)].name", "$.items[?(@.id =~ /[14]/)].name",
        "$.items[?(@.ok =~ /tr.e/)].name", "$.items[?(@.tags =~ /yel.*/)].name",
        "$.items[?(@.name =~ /^$/)].id", "$.items[?(@.nothing =~ /^$/)].id",
        "$.items[?(/a.*/ =~ @.name)].id", "$.items[?(@.size in ['S', 'M'])].name",
        "$.items[?(@.size in [\"L\"])].name", "$.items[?(@.size nin ['S', 'M'])].name",
        "$.items[?(@.size in $.sizes)].name", "$.items[?(@.size NIN $.sizes)].name",
        "$.items[?(@.id in [1, '4'])].name", "$.items[?(@.price in [1.5, 3])].name",
        "$.items[?(@.price in ['3'])].name", "$.items[?(@.ok in [true])].name",
        "$.items[?(@.ok in [null])].name", "$.items[?(@.size in 'S')].name",
        "$.items[?(@.tags contains 'red')].name", "$.items[?(@.name contains 'an')].name",
        "$.items[?(@.tags subsetof ['red', 'fruit', 'yellow'])].name",
        "$.items[?(@.tags anyof ['red'])].name", "$.items[?(@.tags noneof ['red'])].name",
        "$.items[?(@.tags all ['red'])].name", "$.items[?(@.tags size 2)].name",
        "$.items[?(@.name size 5)].id", "$.items[?(@.tags size 0)].name",
        "$.items[?(@.tags empty true)].name", "$.items[?(@.tags empty false)].name",
        "$.items[?(@.name empty true)].id", "$.items[?(@.meta empty false)].name",
        "$.items[?(@.tags == ['red', 'fruit'])].name", "$.items[?(['red'] == @.tags)].name",
        "$.items[?(@.meta == {'w': 1})].name", "$.items[?(@.qty > $.limit)].name",
        "$.items[?(@.qty > $['limit'])].name", "$.items[?($.flag)].id", "$.items[?($.nope)].id",
        "$.items[?(@.id == 1 || @.id == 2 && @.qty > 0)].name",
        "$.items[?((@.id == 1 || @.id == 2) && @.qty > 0)].name",
        "$.items[?(@.id == 1)][?(@.qty == 10)].name", "$.items[?(@.price > 1)]['name','price']",
        "$.items[?(@.price)].price", "$.items[?(@ == 7)]", "$.items[?(@ == 'not an object')]",
        "$.items[?(@[0] == 1)]", "$.items[?(@.*)].id", "$.items[?(@..w)].id",
        "$.items[?(@.tags[0] == 'red')].name", "$.items[?(@.tags[*] == 'red')].name",
        "$.items[?(@.id==1)].name", "$.items[?( @.id == 1 )].name", "$.items[?(@.id == -1)].name",
        "$.items[?(@.price == 1.5e0)].name", "$.items[?(@.price == 15E-1)].name",
        "$.items[?(@.name == \"apple\")].id", "$.items[?(@.name == 'it\\'s')].id",
        "$.items[?(@.id > 1)][0]", "$.items[0][?(@.w)]", "$.items[?(@.meta.w)].meta",
        "$..[?(@.w == 2)]", "$..[?(@.w)].w", "$.items[?(@.qty exists true)].id",
        "$.items[?(@.id matches 1)]", "$.items[?(@.id type 1)]",
        "$.items[?(@.id == 1)", "$.items[?(@.id = 1)]", "$.items[?(@.id === )]",
        "$.items[?(@.id == x)]", "$.items[?(@.id == 'x)]", "$.items[?(@.name =~ /abc)]",
        "$.items[?(@.name =~ /a(/)]", "$.items[?(@.id ~= 1)]", "$.items[?(@.id <> 1)]",
        "$.items[?(1 == 1)]", "$.items[?(@.id == 1) && (@.qty)]", "$.items[?()]",
        "$.items[?(@.id == tru)]", "$.items[?(@.id == nul)]", "$.items[?(@.id == 1.2.3)]",
        "$.items[?(@.id == {'a':)]", "$.items[?(@.id in [1,2)]", "$.items[?(@.id)] ",
        "$.items[?]", "$.items[?(@.id == 1) ]", "$.items[ ?(@.id == 1)]", "$.items[?(@.tags[?(@ == 'red')])].name",
        "$.limit[?(@ > 1)]", "$.flag[?(@)]", "$.nothing[?(@)]", "$.items[?(@.size == 'S')].qty",
    ],
    "nested": [
        "$..c", "$.a..c", "$..d[0]", "$..d[*].c", "$..e", "$..list", "$.list[*][*]",
        "$.list[0][2][1]", "$.list..[0]", "$..[1]", "$..[-1]", "$..[0:1]", "$..*", "$..a..c",
        "$.a.b.d[1].e.c", "$..d[1].e", "$..['c','e']", "$..[?(@.c)].c", "$..[?(@.c > 2)]",
        "$..[?(@ > 5)]", "$..b.*", "$.list[*].c", "$.list[2].c", "$..c[0]", "$..c[*]",
        "$..d..c", "$..[0].c", "$..[*].c", "$..*.c", "$..[1].c", "$..d[0].c", "$..d[1].c",
        "$.a.*.c", "$.*.c", "$.*.*", "$.*[0]", "$.*[1]", "$.a.b.*.c", 
    ],
    "arrays": [
        "$.n[0]", "$.n[9]", "$.n[10]", "$.n[-10]", "$.n[-11]", "$.n[2:5]", "$.n[5:2]", "$.n[-3:]",
        "$.n[:3]", "$.n[:-8]", "$.n[-3:-1]", "$.n[-3:9]", "$.n[3:-1]", "$.n[0:10]", "$.n[0:100]",
        "$.n[1,3,5]", "$.n[5,1]", "$.n[1,1]", "$.n[-1,-2]", "$.n[100,1]", "$.e[0]", "$.e[*]",
        "$.e[-1]", "$.e[:1]", "$.e[0:]", "$.e[0,1]", "$.one[0]", "$.one[-1]", "$.one[1:]",
        "$.mixed[*]", "$.mixed[*].k", "$.mixed[*][0]", "$.mixed[4].k", "$.mixed[5][0]",
        "$.mixed[?(@ == 1)]", "$.mixed[?(@ == 'a')]", "$.mixed[?(@ == null)]",
        "$.mixed[?(@ == true)]", "$.mixed[?(@.k)]", "$.mixed[?(@[0])]", "$.mixed[?(@ > 0)]",
        "$.mixed[?(@ empty false)]", "$.mixed[?(@ size 1)]", "$.n[?(@ > 7)]",
        "$.n[?(@ in [1, 2])]", "$.n[?(@ % 2)]", "$.n[*][0]", "$.n[0][0]", "$.n[0:2][0]",
        "$.n[0,1].x", "$.n[1 : 2]", "$.n[1:2 ]", "$.n[ 1:2]", "$.n[1,]",
        "$.n[,1]", "$.n[1,,2]", "$.n[--1]", "$.n[+1]", "$.n[1-]", "$.n[1:-]", "$.n[:]",
        "$.n[::]", "$.n[1::2]", "$.n[a]", "$.n[0]]", "$.n[[0]]", "$.n[2147483647]",
        "$.n[2147483648]", "$.n[-2147483648]",
    ],
    "root_array": [
        "$[0]", "$[-1]", "$[0].a", "$[*].a", "$[*].b", "$..a", "$[?(@.a)]", "$[?(@.a > 1)].b",
        "$[1:3]", "$[0,1].a", "$.a", "$[0]['a','b']", "$[1]['a','b']", "$[*][0]", "$.*", "$[9]",
        "$[3].a", "$[5].a", "$[5][0]", "$[4][0]", "$[6][0]", "$[6].x",
    ],
    "scalar": ["$", "$.a", "$[0]", "$.*", "$..a", "$[?(@)]", "$['a','b']", "$[0:1]"],
    "number": ["$", "$.a", "$[0]", "$[*]", "$..*"],
    "null": ["$.a", "$[0]", "$.*", "$[1:]"],
}

# Syntax errors: the document does not matter.
SYNTAX = [
    "$.", "$..", "$...a", "$.a.", "$.a b", "$['a", "$['a'", "$['a',]", "$['a',,'b']", "$['a' 'b']",
    "$[", "$[]", "$[x]", "$[0", "$[*", "$[1 2]", "$[--1]", "$[1:2-]", "$[1:x]", "$[?]", "$[?,?]",
    "$['\\u00zz']", "$['a\\']", "$[99999999999]", "$ .a", "$..['a']", "$.['a']", "$['a']x",
    "$.a[0]x", "$[ * ]", "$[ 'a' ]", "$.a..b", "$*", "$.*.", "$[*]]", "$.a(", "$.a(", "$['a'].[0]", "$.[0]", "$..[0]", "$..*", "$..[?(@)]", "$.a[?(@.b == 1)][0]",
    "$[']']", "$[\"a\",'b']", "$['a'\t]", "$[ 'a' , 'b' ]", "$[0 ]", "$[ 0]", "$[0,]",
]


def main():
    out = sys.stdout
    for name, paths in CASES.items():
        for path in paths:
            out.write(json.dumps({"doc": DOCS[name], "path": path}, ensure_ascii=False) + "\n")
    for path in SYNTAX:
        out.write(json.dumps({"doc": {"a": {"b": 1}}, "path": path}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
