// Package generator turns a content folder into a distribution's status
// and news site. It is the one entry point that bulletin's commands share
// (Prepare, for build, check and serve alike; Build; Check), and this
// documentation is the contract for editors and theme authors.
//
// # Pipeline
//
// Each stage is a package, and a site goes through them in order:
//
//	content   load: read site.yaml and every entry, check them (every
//	          problem at its file:line:col, all at once), resolve their
//	          defaults; the model and where each field was written
//	render    one view per file (pages, feeds, the status API, the
//	          Statuspage views, the collections document, calendars,
//	          badges, the sitemap, the theme's assets), each listing the
//	          files it makes, rendered on every core
//	write     (internal) the files go into a hidden folder swapped in for
//	          the old site only when all are written; how each kind of
//	          file is minified is decided there too
//
// After a deploy, one more stage reads the same model:
//
//	announce  the feeds' items (render.Renderer.Items), each sent once
//	          to the mailing lists, Matrix rooms and webhooks of
//	          site.yaml; what was sent is kept in a record that outlives
//	          CI's machines. Like preview (serve's server), it lives
//	          beside the generator rather than in cmd/bulletin, so that
//	          its tests drive it without the command line
//
// # Content
//
// The content folder holds site.yaml and one Markdown file per entry
// (incident, announcement or maintenance), anywhere below it; files and
// folders whose names start with "." are not content. An entry's slug, its
// address under /news/, is its file name without ".md" and without a
// leading "YYYY-MM-DD-". Its fields are YAML front matter between two
// "---" lines; README.md lists them, and ../shared/SPEC.md is the whole
// contract.
//
// # Problems
//
// Every problem in the content is a *content.Error, told as
//
//	content/news/2026-11-19-mesa.md:7:11: severity "mayor" is not one of minor, major, critical
//
// with the line and column of the offending field (of the front matter's
// first line for a missing one), and warnings as
// "path:line:col: warning: message". A build with any problem writes
// nothing: the previous site stays as it was.
//
// # Themes
//
// A theme is a folder of files that override the default theme
// (themes/default, built into the binary) one by one:
//
//	layouts/base.html          the page around everything; executes "main"
//	layouts/partials/*.html    shared templates (define as many as you like)
//	layouts/<kind>.html        one per kind of page, each defining "main":
//	                           home, list, entry, release, releases,
//	                           service, services, stats, 404
//	layouts/feed-item.html     the HTML content of one feed item
//	assets/                    published under /assets/ with a hash of their
//	                           content in their name; link them with asset
//	static/                    published at the site's root as they are;
//	                           static/robots.txt replaces the generated one
//
// Layouts are html/template files. Every page layout receives a
// *render.Page as its dot:
//
//	.Site         the site: .Title, .Description, .Language, .Releases
//	.Now          the build clock
//	.Kind         home, list, entry, release, releases, service, services, stats or 404
//	.Title        the page's title ("" on the home page); .Path its site path
//	.Description  a sentence about the page, for search engines and previews
//	.Overall      the whole site's indicator (home)
//	.Releases     each release with its .Indicator, .Active count and, for an
//	              EOL one, .Upgrade (home: those not EOL; releases: all;
//	              release: its own)
//	.Groups       the services in their groups (.Name, .Services), each
//	              with its .Indicator and .Active count (home, services)
//	.Entry        the entry (entry pages); .Release the release (release
//	              pages); .Service the service with its state (service pages)
//	.Changes      announced changes not yet in effect, soonest first
//	.Updated      when what the page tells last changed (home, release, service)
//	.Active       unresolved incidents, most severe first (home, release, service)
//	.Maintenance  maintenance in progress or to come, soonest first
//	.Entries      the entries listed on the page, newest first
//	.Pager        .Number, .Total, .Prev, .Next and .PathOf n (lists)
//	.Stats        the statistics (stats; and the first page of a release or
//	              service): see below
//	.Numbers      the release's or service's own statistics (its first page):
//	              a row of .Stats, with .Anchor, the id of its row on /stats/
//	.Feeds        the feeds about the page, for <link rel="alternate">,
//	              each with .Title, .Type, .Path and .TypeAttr; on the home,
//	              release and service pages the maintenance calendar too
//	              (type text/calendar)
//
// An entry (*content.Entry) has the fields of its front matter (.Title,
// .Date, .Kind, .Releases, .AllReleases, .Services, .Severity,
// .InitialStatus, .Status, .Packages, .Downgrade, .ETA, .ETADay,
// .ETAUnknown, .FixedIn, .Resolved, .Updates, .Links, .Starts, .Ends,
// .Effective, .ActionRequired, .Review) with their defaults filled in, and
// .Path, .Updated, .Subjects (its release and service ids) and .Active.
// Its Markdown is shown through the functions below, never as raw text.
//
// The statistics (*render.Stats) cover the incidents first reported in the
// last twelve whole months, the build's included: .From, .To (the first of
// the month after) and .Period ("December 2025 to November 2026");
// .Incidents, .Critical, .Major, .Minor, .Open; .Months (each .Month and
// its counts); .All, .Releases and .Services, each a *render.SubjectStats
// (.ID, .Name, .Path, .Anchor, the counts, .Incidents, .Open, and the
// durations .Identify, .Workaround and .Resolve, each with .Count,
// .Unknown and .Min, .Q1, .Median, .Q3, .Max, which print as "4 h 10 min");
// .Times (for each measure: .ID, .Title, .Measure, .Unknown, .Rows, .Chart
// and .Desc); .Packages and .Causes (each .Name and .Incidents; causes
// with .Updates); .Reviews; .Unreviewed; .FollowUps (.Total, .Done, .Open).
// Each chart (.MonthsChart, .PackagesChart, .CausesChart, a time's .Chart)
// is an inline SVG image drawn at build time, with a title and a
// description (.MonthsDesc, .PackagesDesc, .CausesDesc, a time's .Desc);
// its parts carry classes (bar, s-critical, s-major, s-minor, s-package,
// s-cause, box, median, whisker, grid, axis, tick, label, note, value)
// for the style sheet to colour, and fall back to the text colour.
//
// layouts/feed-item.html receives a *render.FeedItem: .Update (an
// update's text, for its own item), .Review (a review, for its own item:
// as the review function gives it), .ActionRequired (what to do first, in
// words), .Facts (each with .Name, .Values and .Code), .Fixes (for a
// resolved incident: each .Update with its .URL and .Command, and the
// .Releases it fixes), .History (the workaround and downgrade are what
// users did before the fix), .Workaround, .Downgrade (each .Release and
// .Command), .Body, .BodyTitled, .Links and .Entry (the entry's URL, on a
// later event's item).
//
// Besides html/template's own, layouts may call:
//
//	url "/news/"        the path a browser requests for a site path
//	absURL "/news/"     the same as an absolute URL
//	asset "style.css"   the path of a theme asset, with its content hash
//	date t              "2 November 2026"
//	datetime t          RFC 3339, for <time datetime>
//	clock t             "2 November 2026, 14:30 UTC", or the date alone at midnight
//	hour t              "14:30 UTC"
//	timeTag t           <time datetime="…">clock t</time>, as HTML
//	eta e               when a fix is expected, as HTML: a day, a time, or
//	                    "Not known yet"
//	until t             the time left until t at the build: "in 44 days";
//	                    "" once it has come
//	body e              the entry's text as HTML
//	bodyTitled e        whether that text starts with a heading of its own
//	workaround e        the entry's workaround in force now, as HTML
//	updateHTML e i      the text of the entry's update i as HTML
//	summary e           the first paragraph of the entry, as plain text
//	timeline e          the entry's story, newest first: each event with
//	                    .Anchor (its element id), .Label, .Status, .At,
//	                    .HTML and .Workaround (a new workaround the update
//	                    gives, as HTML); nil when there is only the first
//	                    report. The review is not among them
//	review e            the entry's review once published at the build
//	                    time, else nil: .Published, .Cause and .Lessons
//	                    (HTML), .CausedBy (each with .Releases, .Update and
//	                    .URL), .FollowUps (each with .Title, .URL, .Done)
//	                    and .Open, the follow-ups not done; the page's
//	                    element with id "review" is where its feed item
//	                    links
//	fixes e             the updates that fix it, each with .Releases (names,
//	                    "" when one fixes all), .Update, .URL and .Command
//	release "f43"       the release with the id
//	service "koji"      the service with the id
//	indicator "f43"     the state of the release at the build time
//	window e            the state of a maintenance at the build time ("" for
//	                    another kind), with .Label and .Open
//	overdue e           whether an open incident's ETA has passed at the build time
//	plural n "incident" "1 incident", "2 incidents"
//	title s             s with its first letter in capitals
//	partialCached "name" data [key]
//	                    the shared template "name" executed with data, once
//	                    per build for each key (data itself by default): for
//	                    what many pages repeat, such as an entry's row in the
//	                    lists it appears in; the result is HTML for element
//	                    content, and key must be comparable
//
// Content never reaches a page as markup: text is escaped, and Markdown is
// rendered without raw HTML or script links. Pages must work under the
// Content-Security-Policy in netlify.toml: no inline script or style.
// A mistake in a layout is reported with the layout's file and line.
package generator
