/* A stand-in for GNOME Software's fedora-pkgdb-collections plugin, for
 * bulletin's tests (generator/gnome_software_test.go): it reads a
 * collections document with json-glib, the JSON library the plugin reads
 * it with, keeps the collections the plugin keeps, and decides what the
 * plugin decides for the machine an os-release file describes.
 *
 * Written for bulletin, re-stating the plugin's logic from gnome-software
 * at commit 0512a608afc3b022989dab9797992b9b2c9b8a4d (51.beta, 2026-08-22),
 * plugins/fedora-pkgdb-collections/gs-plugin-fedora-pkgdb-collections.c,
 * whose lines each part cites, and lib/gs-os-release.c.
 *
 * Usage: pkgdb-collections DOCUMENT OS-RELEASE [show-upgrade-prerelease]
 *
 * It prints, one per line:
 *   item VERSION STATUS NAME   each collection kept, in the plugin's order
 *   upgrade VERSION            each system upgrade offered
 *   system STATE               what GNOME Software up to 45 made of the
 *                              running system from its own collection:
 *                              updatable, unavailable (end of life: the
 *                              "System Has Reached End of Life" warning)
 *                              or unknown (no collection for it)
 * and exits 1, saying why on stderr, where the plugin fails.
 */

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* Lines 49-60. */
typedef enum {
	PKGDB_ITEM_STATUS_ACTIVE,
	PKGDB_ITEM_STATUS_DEVEL,
	PKGDB_ITEM_STATUS_EOL,
} PkgdbItemStatus;

static const char *status_words[] = { "Active", "Under Development", "EOL" };

typedef struct {
	gchar *name;
	PkgdbItemStatus status;
	guint version;
} PkgdbItem;

/* Lines 365-376: by version. */
static gint
sort_items (gconstpointer a, gconstpointer b)
{
	PkgdbItem *item_a = *((PkgdbItem **) a);
	PkgdbItem *item_b = *((PkgdbItem **) b);

	if (item_a->version > item_b->version)
		return 1;
	if (item_a->version < item_b->version)
		return -1;
	return 0;
}

static int
fail (const char *what, const GError *error)
{
	fprintf (stderr, "%s: %s\n", what, error != NULL ? error->message : "");
	return 1;
}

int
main (int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *data = NULL;
	g_auto(GStrv) lines = NULL;
	g_autofree gchar *os_name = NULL;
	g_autofree gchar *verstr = NULL;
	gchar *endptr = NULL;
	guint64 os_version;
	g_autoptr(JsonParser) parser = NULL;
	JsonNode *root_node;
	JsonObject *root = NULL;
	JsonArray *collections;
	g_autoptr(GPtrArray) distros = NULL;
	gboolean show_prerelease;
	PkgdbItem *system = NULL;

	if (argc < 3 || argc > 4) {
		fprintf (stderr, "usage: pkgdb-collections DOCUMENT OS-RELEASE [show-upgrade-prerelease]\n");
		return 2;
	}
	show_prerelease = argc == 4 && strcmp (argv[3], "show-upgrade-prerelease") == 0;

	/* lib/gs-os-release.c, lines 84-125: each KEY=value line, the value
	 * cut at its first double quote after an opening one. */
	if (!g_file_get_contents (argv[2], &data, NULL, &error))
		return fail ("os-release", error);
	lines = g_strsplit (data, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		gchar *tmp = g_strstr_len (lines[i], -1, "=");
		if (tmp == NULL)
			continue;
		*tmp = '\0';
		tmp++;
		if (tmp[0] == '\"')
			tmp++;
		g_strdelimit (tmp, "\"", '\0');
		if (tmp[0] == '\0')
			continue;
		if (g_strcmp0 (lines[i], "NAME") == 0) {
			g_free (os_name);
			os_name = g_strdup (tmp);
		} else if (g_strcmp0 (lines[i], "VERSION_ID") == 0) {
			g_free (verstr);
			verstr = g_strdup (tmp);
		}
	}

	/* Lines 175-195: setup. */
	if (os_name == NULL)
		return fail ("OS release had no name", NULL);
	if (verstr == NULL)
		return fail ("OS release had no version ID", NULL);
	os_version = g_ascii_strtoull (verstr, &endptr, 10);
	if (endptr == verstr || os_version > G_MAXUINT)
		return fail ("Failed parse VERSION_ID", NULL);

	/* Lines 478-570: load_json. */
	distros = g_ptr_array_new ();
	parser = json_parser_new_immutable ();
	if (!json_parser_load_from_mapped_file (parser, argv[1], &error))
		return fail ("collections document", error);
	root_node = json_parser_get_root (parser);
	if (root_node != NULL && JSON_NODE_HOLDS_OBJECT (root_node))
		root = json_node_get_object (root_node);
	if (root == NULL)
		return fail ("no root object", NULL);
	collections = json_object_get_array_member (root, "collections");
	if (collections == NULL)
		return fail ("no collections object", NULL);
	for (guint i = 0; i < json_array_get_length (collections); i++) {
		PkgdbItem *item;
		JsonObject *collection;
		PkgdbItemStatus status;
		const gchar *name;
		const gchar *status_str;
		const gchar *version_str;
		guint64 version;

		collection = json_array_get_object_element (collections, i);
		if (collection == NULL)
			continue;
		/* json_object_get_string_member is NULL for a member that is not
		 * a string, such as a number: such a collection is skipped. */
		name = json_object_get_string_member (collection, "name");
		if (name == NULL)
			continue;
		status_str = json_object_get_string_member (collection, "status");
		if (status_str == NULL)
			continue;
		if (g_strcmp0 (status_str, "Active") == 0)
			status = PKGDB_ITEM_STATUS_ACTIVE;
		else if (g_strcmp0 (status_str, "Under Development") == 0)
			status = PKGDB_ITEM_STATUS_DEVEL;
		else if (g_strcmp0 (status_str, "EOL") == 0)
			status = PKGDB_ITEM_STATUS_EOL;
		else
			continue;
		version_str = json_object_get_string_member (collection, "version");
		if (version_str == NULL)
			continue;
		endptr = NULL;
		version = g_ascii_strtoull (version_str, &endptr, 10);
		if (endptr == version_str || version > G_MAXUINT)
			continue;

		item = g_new0 (PkgdbItem, 1);
		item->name = g_strdup (name);
		item->status = status;
		item->version = (guint) version;
		g_ptr_array_add (distros, item);
	}
	g_ptr_array_sort (distros, sort_items);

	for (guint i = 0; i < distros->len; i++) {
		PkgdbItem *item = g_ptr_array_index (distros, i);
		printf ("item %u %s %s\n", item->version, status_words[item->status], item->name);
	}

	/* Lines 451-476 (_is_valid_upgrade), for each collection as
	 * list_distro_upgrades_cb (lines 659-689) asks. */
	for (guint i = 0; i < distros->len; i++) {
		PkgdbItem *item = g_ptr_array_index (distros, i);
		if (g_strcmp0 (item->name, os_name) != 0)
			continue;
		if (item->version <= os_version || item->version > os_version + 2)
			continue;
		if (item->status == PKGDB_ITEM_STATUS_EOL)
			continue;
		if (!show_prerelease && item->status == PKGDB_ITEM_STATUS_DEVEL)
			continue;
		printf ("upgrade %u\n", item->version);
	}

	/* refine_app of the system itself, as gnome-software 45.3 had it
	 * (lines 682-730 there): its own collection, the name compared
	 * without case, made it updatable or, at end of life, unavailable. */
	for (guint i = 0; i < distros->len; i++) {
		PkgdbItem *item = g_ptr_array_index (distros, i);
		if (item->version == os_version && g_ascii_strcasecmp (item->name, os_name) == 0) {
			system = item;
			break;
		}
	}
	if (system == NULL)
		printf ("system unknown\n");
	else if (system->status == PKGDB_ITEM_STATUS_EOL)
		printf ("system unavailable\n");
	else
		printf ("system updatable\n");
	return 0;
}
