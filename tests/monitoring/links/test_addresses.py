"""Which addresses a page's public detail holds, and what each is: a page of the platform
(relative, or on one of its hosts: a site's hostname at its port, or its registered domains),
a file of the platform, or an external address; in one written form."""

from monitoring.links.addresses import PlatformHosts, address_of
from monitoring.links.extraction import links_in

HOSTS = PlatformHosts(
    sites_by_host={"www.example.gov.cn": 1, "xn--fiqs8s.xn--fiqs8s": 1, "127.0.0.1:8000": 2},
    root_urls={1: "http://www.example.gov.cn", 2: "http://127.0.0.1:8000"},
)


def _address(href: str, site_id: int = 1, page_path: str = "/xinwen/item/"):
    return address_of(href, site_id=site_id, page_path=page_path, hosts=HOSTS)


def test_relative_links_are_pages_of_the_page_s_own_site():
    address = _address("../other/")
    assert (address.url, address.kind, address.site_id, address.path) == (
        "http://www.example.gov.cn/xinwen/other/",
        "internal",
        1,
        "/xinwen/other/",
    )
    assert _address("/a/b", site_id=2).url == "http://127.0.0.1:8000/a/b"


def test_a_page_path_is_the_read_model_s_form():
    assert _address("HTTP://WWW.Example.gov.cn:80/%E6%96%B0%E9%97%BB#top").path == "/新闻/"
    assert _address("HTTP://WWW.Example.gov.cn:80/x?a=1#top").url == (
        "http://www.example.gov.cn/x?a=1"
    )


def test_a_registered_chinese_domain_is_the_site_s_own():
    address = _address("http://中国.中国/zwgk/")
    assert (address.url, address.kind) == ("http://xn--fiqs8s.xn--fiqs8s/zwgk/", "internal")


def test_another_port_of_a_site_s_host_is_another_host():
    assert _address("http://127.0.0.1:8000/x/").kind == "internal"
    assert _address("http://127.0.0.1:9000/x/").kind == "external"
    assert _address("http://127.0.0.1/x/").kind == "external"


def test_files_of_the_platform_are_media():
    media = _address("/media/documents/%E9%80%9A%E7%9F%A5.pdf")
    assert (media.kind, media.path) == ("media", "documents/通知.pdf")
    document = _address("http://www.example.gov.cn/documents/12/tongzhi.pdf")
    assert (document.kind, document.path) == ("media", "/documents/12/tongzhi.pdf")


def test_what_is_not_an_address_to_check():
    for href in ["mailto:a@example.gov.cn", "tel:12345", "javascript:void(0)", "#top", "", " "]:
        assert _address(href) is None, href
    assert _address("http://[::1/") is None


def test_links_are_found_in_rich_text_and_url_fields_but_not_in_read_model_paths():
    detail = {
        "title": "标题",
        "url_path": "/xinwen/item/",
        "body": '<p><a href="http://a.example.com/">a</a><img src="/media/i.png"></p>',
        "attachments": [{"title": "附件", "url": "/media/documents/f.pdf"}],
        "online_url": "https://zwfw.example.gov.cn/",
        "breadcrumbs": [{"id": 3, "title": "新闻", "url_path": "/xinwen/"}],
        "summary": "没有链接",
    }
    assert links_in(detail) == {
        "body": ["http://a.example.com/", "/media/i.png"],
        "attachments": ["/media/documents/f.pdf"],
        "online_url": ["https://zwfw.example.gov.cn/"],
    }
