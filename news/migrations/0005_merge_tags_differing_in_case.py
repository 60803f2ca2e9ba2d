"""Merge the tags whose names differ only in case ("Données ouvertes", "données ouvertes").

Before TAGGIT_CASE_INSENSITIVE, typing a tag in another case made a second tag (slug
"données-ouvertes_1"), which split the news filters and feeds. For each such group this keeps
one tag, the most used (the oldest on a tie), and:

- points every tagged item of the others to it, in every model that tags with taggit (press
  releases, défis' themes, images, documents), deleting an item instead when its object
  already has the kept tag;
- rewrites the tag ids in the revisions' content (the tagged items of a page are stored there,
  and the edit view, the history and a revert read them), without duplicates;
- deletes the others.

Not reversible: the merged tags are gone (reversing does nothing).
"""

from collections import Counter, defaultdict

from django.db import migrations
from django.db.models.fields.reverse_related import ManyToOneRel
from modelcluster.fields import ParentalKey


def tag_relations(Tag):
    """(model, name of its foreign key to Tag) for every model that tags."""
    return [
        (relation.related_model, relation.field.name)
        for relation in Tag._meta.related_objects
        if isinstance(relation, ManyToOneRel)
    ]


def merge_tags_differing_in_case(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    relations = tag_relations(Tag)

    groups = defaultdict(list)
    for tag in Tag.objects.order_by("pk"):
        groups[tag.name.casefold()].append(tag)
    groups = [tags for tags in groups.values() if len(tags) > 1]
    if not groups:
        return

    uses = Counter()
    for model, field in relations:
        for tag_id in model._default_manager.values_list(field, flat=True):
            uses[tag_id] += 1

    replacement = {}  # merged tag id -> kept tag id
    for tags in groups:
        kept = max(tags, key=lambda tag: (uses[tag.pk], -tag.pk))
        replacement.update({tag.pk: kept.pk for tag in tags if tag.pk != kept.pk})

    for model, field in relations:
        move_tagged_items(model, field, replacement)
    rewrite_revisions(apps, relations, replacement)
    Tag.objects.filter(pk__in=replacement).delete()


def move_tagged_items(model, field, replacement):
    """Point the model's items from merged tags to kept ones, one item per object and tag."""
    manager = model._default_manager
    # What identifies the tagged object: every column but the key and the tag.
    columns = [
        f.attname for f in model._meta.concrete_fields if not f.primary_key and f.name != field
    ]
    tag_column = model._meta.get_field(field).attname
    kept_ids = set(replacement.values())
    existing = set(
        manager.filter(**{f"{field}__in": kept_ids}).values_list(tag_column, *columns)
    )
    to_delete = []
    to_move = defaultdict(list)
    for pk, tag_id, *obj in manager.filter(**{f"{field}__in": list(replacement)}).values_list(
        "pk", tag_column, *columns
    ):
        key = (replacement[tag_id], *obj)
        if key in existing:
            to_delete.append(pk)
        else:
            existing.add(key)
            to_move[replacement[tag_id]].append(pk)
    manager.filter(pk__in=to_delete).delete()
    for kept_id, pks in to_move.items():
        manager.filter(pk__in=pks).update(**{tag_column: kept_id})


def rewrite_revisions(apps, relations, replacement):
    """Replace merged tag ids in the tagged items that revisions store under the child
    relation's name (e.g. "tagged_items")."""
    Revision = apps.get_model("wagtailcore", "Revision")
    keys = {
        (relation_field.remote_field.related_name, field)
        for model, field in relations
        for relation_field in model._meta.get_fields()
        if isinstance(relation_field, ParentalKey)
    }
    for key, field in keys:
        revisions = Revision.objects.filter(content__has_key=key).only("content")
        for revision in revisions.iterator():
            items = revision.content.get(key)
            if not isinstance(items, list) or not any(
                item.get(field) in replacement for item in items
            ):
                continue
            seen, kept = set(), []
            for item in items:
                item[field] = replacement.get(item.get(field), item.get(field))
                if item[field] not in seen:
                    seen.add(item[field])
                    kept.append(item)
            revision.content[key] = kept
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_alter_pressreleasepage_body"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(merge_tags_differing_in_case, migrations.RunPython.noop),
    ]
