"""schema.org markup for articles and people, built from what the page shows."""

from django.utils.html import strip_tags

from backportal.core.seo import ORGANIZATION, breadcrumb_list


def person_node(person, request) -> dict:
    node = {
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "jobTitle": person.profession,
    }
    if person.credentials:
        node["hasCredential"] = person.credentials
    return node


def article_nodes(page, request, trail, image_url) -> list[dict]:
    """MedicalWebPage (reviewer, review date) + Article + BreadcrumbList (+ FAQPage)."""
    url = page.get_full_url(request)
    published = page.original_published_on or page.first_published_at
    article = {
        "@type": "Article",
        "@id": f"{url}#article",
        "headline": page.title,
        "description": page.search_description or page.lead,
        "datePublished": published.isoformat() if published else None,
        "dateModified": (page.updated_on or page.last_published_at).isoformat()
        if (page.updated_on or page.last_published_at)
        else None,
        "author": [person_node(page.author, request)] if page.author else [],
        "publisher": ORGANIZATION,
        "mainEntityOfPage": url,
    }
    if image_url:
        article["image"] = [image_url]
    webpage = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": page.title,
        "inLanguage": "de-DE",
        "mainEntity": {"@id": f"{url}#article"},
    }
    if page.reviewer:
        webpage["reviewedBy"] = person_node(page.reviewer, request)
    if page.reviewed_at:
        webpage["lastReviewed"] = page.reviewed_at.isoformat()
    nodes = [webpage, article, breadcrumb_list(trail, request)]
    faq = faq_node(page)
    if faq:
        nodes.append(faq)
    return nodes


def faq_node(page) -> dict | None:
    """FAQPage from the FAQ blocks; every question and answer is visible on the page."""
    questions = [
        {
            "@type": "Question",
            "name": item["question"],
            "acceptedAnswer": {
                "@type": "Answer",
                "text": strip_tags(item["answer"].source).strip(),
            },
        }
        for block in page.body
        if block.block_type == "faq"
        for item in block.value["items"]
    ]
    return {"@type": "FAQPage", "mainEntity": questions} if questions else None


def profile_nodes(person, request, image_url) -> list[dict]:
    """ProfilePage with its Person, for /autoren/<slug>/."""
    node = person_node(person, request)
    node["description"] = person.bio
    if image_url:
        node["image"] = image_url
    return [
        {
            "@type": "ProfilePage",
            "url": request.build_absolute_uri(),
            "inLanguage": "de-DE",
            "mainEntity": node,
        }
    ]
