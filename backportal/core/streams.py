"""Reading stored StreamField data without converting it to Python values.

Converting a stream loads what its chooser blocks point to (products, images,
pages). Questions that need only the stored values, such as the words of an
article shown as a teaser or the ids of the products a page names, walk the
stored JSON instead and cost no query.
"""

from collections.abc import Iterator

from wagtail import blocks


def stored_leaves(
    block, raw, skip=frozenset()
) -> Iterator[tuple[blocks.Block, object]]:
    """(block, stored value) of every leaf block under `block`, in reading order.

    Leaves are all blocks but streams, structs and lists. Struct children whose
    names are in `skip` are left out, with everything below them.
    """
    if raw is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for item in raw:
            child_block = block.child_blocks.get(item.get("type"))
            if child_block is not None:
                yield from stored_leaves(child_block, item.get("value"), skip)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            if name not in skip:
                yield from stored_leaves(child_block, raw.get(name), skip)
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            # Wagtail stores list items as {"type": "item", "value": …, "id": …}
            # (older data: the bare values); the same test as ListBlock's.
            wrapped = (
                isinstance(item, dict)
                and item.get("type") == "item"
                and "id" in item
                and "value" in item
            )
            yield from stored_leaves(
                block.child_block, item.get("value") if wrapped else item, skip
            )
    else:
        yield block, raw
