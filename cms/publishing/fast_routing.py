"""Routing and access checks of page types in fewer queries than Wagtail's defaults.

Wagtail finds a child page by its slug, then fetches its specific type: two queries per level
of the address. Here a page whose children are all of one type fetches the child of that type
at once, with what its template shows (``route_queryset``) when it is the page asked for; a
page with children of several types remembers which page and type a slug leads to
(``caching.fragments``, purged by every publication and move) and fetches it at once, checking that
it is still that child: a stale entry costs the usual lookup, never a wrong page. The view
restrictions of a page and its ancestors take one query instead of two.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import PageViewRestriction

from cms.publishing.caching import fragments


class EfficientRoutingMixin:
    """For page models: route to children of a single type in one query."""

    @classmethod
    def route_queryset(cls, queryset):
        """``queryset`` (of this model) with what serving a page of it needs: override to
        ``select_related`` or ``prefetch_related`` its relations."""
        return queryset

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        models = self.specific_class.allowed_subpage_models()
        if len(models) == 1:
            child = self._child(models[0], slug, remaining)
        else:
            child = self._remembered_child(slug, remaining)
        if child is None:
            # No such child, or one of another type than allowed today (created before a
            # change of ``subpage_types``), which Wagtail still serves.
            return super().route(request, path_components)
        # Wagtail keeps a page's parent there (no public way to give it): the page's serving
        # then reads its parent without a query.
        child._cached_parent_obj = self
        return child.route(request, remaining)

    def _child(self, model, slug, remaining, **lookups):
        children = model.objects.child_of(self).filter(slug=slug, **lookups)
        if not remaining and hasattr(model, "route_queryset"):
            children = model.route_queryset(children)
        return children.first()

    def _remembered_child(self, slug, remaining):
        parts = [self.pk, slug]
        generation, found = fragments.read("route", parts)
        if found is not None:
            model = ContentType.objects.get_for_id(found[1]).model_class()
            if model is not None:
                child = self._child(model, slug, remaining, pk=found[0])
                if child is not None:
                    return child
        child = self.get_children().filter(slug=slug).first()
        if child is None:
            return None
        fragments.write("route", parts, generation, (child.pk, child.content_type_id))
        return child.specific

    def get_view_restrictions(self):
        """The view restrictions of this page and its ancestors (those of the pages that
        aliases copy instead of the aliases'), in one query."""
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()
