"""Device class and bot flag from request headers; the User-Agent itself is not kept.

Bots: search engines, AI crawlers, link-preview fetchers of messengers and
social networks, uptime monitors, HTTP libraries and headless browsers.
Prefetches (Sec-Purpose / Purpose: prefetch) and HEAD requests are flagged too.
"""

import re
from functools import lru_cache

from .models import BotReason, Device

BOT_PATTERN = re.compile(
    r"(?<!cu)bot\b|bot/|crawl|spider|slurp|scrape|fetch|preview|monitor|archiver"
    # AI crawlers and assistants
    r"|GPTBot|ChatGPT-User|OAI-SearchBot|ClaudeBot|Claude-Web|Claude-User|anthropic-ai"
    r"|CCBot|PerplexityBot|Perplexity-User|Bytespider|Amazonbot|Applebot|cohere-ai"
    r"|Diffbot|YouBot|Google-Extended|meta-externalagent|ImagesiftBot|Timpibot"
    # search engines
    r"|Googlebot|Google-InspectionTool|AdsBot|Mediapartners-Google|bingbot|BingPreview"
    r"|YandexBot|Baiduspider|DuckDuckBot|DuckAssistBot|Exabot|SeznamBot|Qwantify"
    r"|MojeekBot|PetalBot|Yeti/"
    # link previews of messengers and social networks
    r"|facebookexternalhit|facebookcatalog|Facebot|meta-externalfetcher|Twitterbot"
    r"|LinkedInBot|Pinterestbot|redditbot|Slackbot|Slack-ImgProxy|Discordbot"
    r"|TelegramBot|WhatsApp/|SkypeUriPreview|Mastodon/|Cardyb|Iframely|Embedly|vkShare"
    # uptime monitors and SEO tools
    r"|UptimeRobot|Pingdom|StatusCake|Site24x7|Better\s?Uptime|Uptime-Kuma|Checkly"
    r"|Datadog|NewRelic|Zabbix|Nagios|AhrefsBot|SemrushBot|MJ12bot|DotBot"
    # libraries and automation
    r"|curl|Wget|python-|aiohttp|httpx|Go-http-client|Java/|okhttp|libwww|node-fetch"
    r"|axios|Scrapy|HeadlessChrome|PhantomJS|Puppeteer|Playwright|Lighthouse",
    re.IGNORECASE,
)
TABLET_PATTERN = re.compile(r"iPad|Tablet|PlayBook|Silk/|Kindle|(Android(?!.*Mobile))")
MOBILE_PATTERN = re.compile(r"Mobi|iPhone|iPod|Android|Windows Phone|Opera Mini")


@lru_cache(maxsize=2048)
def device_class(user_agent: str) -> str:
    """mobile, tablet or desktop (desktop when nothing says otherwise).

    Remembered per User-Agent string (the same few hundred make most visits),
    as is whether a User-Agent names a bot: the patterns cost more than the
    rest of a click."""
    if TABLET_PATTERN.search(user_agent):
        return Device.TABLET
    if MOBILE_PATTERN.search(user_agent):
        return Device.MOBILE
    return Device.DESKTOP


def bot_reason(method: str, headers, user_agent: str) -> str:
    """BotReason of a request, blank for a person's click."""
    if method == "HEAD":
        return BotReason.HEAD
    purpose = (headers.get("Sec-Purpose") or headers.get("Purpose") or "").lower()
    if "prefetch" in purpose or headers.get("X-Moz", "").lower() == "prefetch":
        return BotReason.PREFETCH
    if names_a_bot(user_agent):
        return BotReason.CRAWLER
    return BotReason.NONE


@lru_cache(maxsize=2048)
def names_a_bot(user_agent: str) -> bool:
    return not user_agent.strip() or BOT_PATTERN.search(user_agent) is not None
