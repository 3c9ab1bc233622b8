// Package statuspage is the vocabulary of Atlassian Statuspage's public v2
// API: its documents, its statuses and its ids, in the shapes its clients
// (Grafana's data source, exporters, aggregators, client libraries)
// expect. What a bulletin site says in these terms is decided by the
// view that fills them (package render).
//
// Times are *time.Time in UTC to the second, which encoding/json writes as
// RFC 3339; nil is null.
package statuspage

import (
	"crypto/sha256"
	"encoding/base32"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// Page describes the status page itself.
type Page struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	URL       string     `json:"url"`
	TimeZone  string     `json:"time_zone"`
	UpdatedAt *time.Time `json:"updated_at"`
}

// PageStatus is the page's indicator, in words.
type PageStatus struct {
	Indicator   string `json:"indicator"` // none, minor, major, critical or maintenance
	Description string `json:"description"`
}

// Component is something whose status the page shows.
type Component struct {
	ID                 string     `json:"id"`
	Name               string     `json:"name"`
	Status             string     `json:"status"`
	CreatedAt          *time.Time `json:"created_at"`
	UpdatedAt          *time.Time `json:"updated_at"`
	Position           int        `json:"position"`
	Description        *string    `json:"description"`
	Showcase           bool       `json:"showcase"`
	StartDate          *string    `json:"start_date"`
	GroupID            *string    `json:"group_id"`
	PageID             string     `json:"page_id"`
	Group              bool       `json:"group"`
	OnlyShowIfDegraded bool       `json:"only_show_if_degraded"`
	Components         []string   `json:"components,omitempty"` // a group's members, by id
}

// Incident is an incident, or with the scheduled times a maintenance.
type Incident struct {
	ID              string      `json:"id"`
	Name            string      `json:"name"`
	Status          string      `json:"status"`
	CreatedAt       *time.Time  `json:"created_at"`
	UpdatedAt       *time.Time  `json:"updated_at"`
	MonitoringAt    *time.Time  `json:"monitoring_at"`
	ResolvedAt      *time.Time  `json:"resolved_at"`
	Impact          string      `json:"impact"`
	Shortlink       string      `json:"shortlink"`
	StartedAt       *time.Time  `json:"started_at"`
	PageID          string      `json:"page_id"`
	IncidentUpdates []Update    `json:"incident_updates"`
	Components      []Component `json:"components"`
	ScheduledFor    *time.Time  `json:"scheduled_for,omitempty"`
	ScheduledUntil  *time.Time  `json:"scheduled_until,omitempty"`
}

// Update is one step of an incident's timeline.
type Update struct {
	ID                 string     `json:"id"`
	Status             string     `json:"status"`
	Body               string     `json:"body"`
	IncidentID         string     `json:"incident_id"`
	CreatedAt          *time.Time `json:"created_at"`
	UpdatedAt          *time.Time `json:"updated_at"`
	DisplayAt          *time.Time `json:"display_at"`
	AffectedComponents []Affected `json:"affected_components"` // null when the update changed none
}

// Affected is a component whose status an update changed.
type Affected struct {
	Code      string `json:"code"` // the component's id
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// The documents, each with the page first as on Statuspage.
type (
	Summary struct {
		Page                  Page        `json:"page"`
		Components            []Component `json:"components"`
		Incidents             []Incident  `json:"incidents"`
		ScheduledMaintenances []Incident  `json:"scheduled_maintenances"`
		Status                PageStatus  `json:"status"`
	}
	StatusDocument struct {
		Page   Page       `json:"page"`
		Status PageStatus `json:"status"`
	}
	Components struct {
		Page       Page        `json:"page"`
		Components []Component `json:"components"`
	}
	Incidents struct {
		Page      Page       `json:"page"`
		Incidents []Incident `json:"incidents"`
	}
	Maintenances struct {
		Page                  Page       `json:"page"`
		ScheduledMaintenances []Incident `json:"scheduled_maintenances"`
	}
)

// ID returns the id of a Statuspage object, shaped like Statuspage's own
// (12 lowercase letters and digits), from a hash of the site's id
// authority and the object's permanent name: it never changes from one
// build to the next, and never depends on the title, the file name or the
// base URL.
func ID(authority, name string) string {
	sum := sha256.Sum256([]byte("tag:" + authority + ":" + name))
	return strings.ToLower(base32.StdEncoding.EncodeToString(sum[:]))[:12]
}

// PageStatusOf words the site's overall indicator as Statuspage does.
func PageStatusOf(i content.Indicator) PageStatus {
	switch i {
	case content.MinorOutage:
		return PageStatus{"minor", "Minor Service Outage"}
	case content.MajorOutage:
		return PageStatus{"major", "Partial System Outage"}
	case content.CriticalOutage:
		return PageStatus{"critical", "Major System Outage"}
	case content.UnderMaintenance:
		return PageStatus{"maintenance", "Service Under Maintenance"}
	}
	return PageStatus{"none", "All Systems Operational"}
}

// ComponentStatus is the Statuspage status of a component with the indicator.
func ComponentStatus(i content.Indicator) string {
	switch i {
	case content.MinorOutage:
		return "degraded_performance"
	case content.MajorOutage:
		return "partial_outage"
	case content.CriticalOutage:
		return "major_outage"
	case content.UnderMaintenance:
		return "under_maintenance"
	}
	return "operational"
}
