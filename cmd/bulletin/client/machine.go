package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/bulletin-status/bulletin/generator/content"
)

// Machine is what a machine says of itself, by which it finds its release
// (SPEC.md, "Which release am I").
type Machine struct {
	// File is the os-release file read: /etc/os-release, or
	// /usr/lib/os-release where there is none (os-release(5)).
	File string
	// OSRelease holds its fields, with lowercase names.
	OSRelease map[string]string
	// Stream is a Fedora CoreOS node's update stream, "" until known.
	Stream string
	// StreamErr is why the stream could not be read, when it was needed.
	StreamErr error

	sum string // of the file, to tell when the machine has changed
}

// osReleaseFiles are where os-release(5) says the file is, in the order
// to read them.
var osReleaseFiles = []string{"/etc/os-release", "/usr/lib/os-release"}

// ReadMachine reads the os-release file of the system under root.
func ReadMachine(root string) (*Machine, error) {
	for _, name := range osReleaseFiles {
		path := filepath.Join(root, name)
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		return &Machine{File: path, OSRelease: content.ParseOSRelease(data), sum: hex.EncodeToString(sum[:])}, nil
	}
	return nil, fmt.Errorf("no %s or %s: cannot tell which release this machine runs; give it as release = ID in %s",
		filepath.Join(root, osReleaseFiles[0]), filepath.Join(root, osReleaseFiles[1]), ConfigFile)
}

// Fields are the machine's fields for the rule: its os-release, and its
// stream when known.
func (m *Machine) Fields() map[string]string {
	f := make(map[string]string, len(m.OSRelease)+1)
	for k, v := range m.OSRelease {
		f[k] = v
	}
	if m.Stream != "" {
		f["stream"] = m.Stream
	}
	return f
}

// Describe names the machine by its os-release, for messages.
func (m *Machine) Describe() string {
	if name := m.OSRelease["pretty_name"]; name != "" {
		return name
	}
	return fmt.Sprintf("ID=%s VERSION_ID=%s", m.OSRelease["id"], m.OSRelease["version_id"])
}

// RPMOSTreeStatus runs rpm-ostree status --booted --json, as zincati does
// to learn a Fedora CoreOS node's stream.
func RPMOSTreeStatus(ctx context.Context) ([]byte, error) {
	out, err := exec.CommandContext(ctx, "rpm-ostree", "status", "--booted", "--json").Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && len(exit.Stderr) > 0 {
		return nil, fmt.Errorf("rpm-ostree status: %v: %s", err, strings.TrimSpace(string(exit.Stderr)))
	}
	return out, err
}

// BootedStream reads the update stream of the booted deployment from the
// output of rpm-ostree status --booted --json. A node booted from an
// OSTree commit (until 2025) has it in the commit's metadata; one booted
// from a container image (current ones) in the image's labels, or its
// manifest's annotations, which rpm-ostree passes on as JSON inside
// strings (zincati reads them in this order); failing all of them, the
// last part of its ref or the tag of its image names the stream.
func BootedStream(status []byte) (string, error) {
	var s struct {
		Deployments []struct {
			Booted         bool           `json:"booted"`
			Origin         string         `json:"origin"`
			ImageReference string         `json:"container-image-reference"`
			Meta           map[string]any `json:"base-commit-meta"`
		} `json:"deployments"`
	}
	if err := json.Unmarshal(status, &s); err != nil {
		return "", fmt.Errorf("rpm-ostree status: %v", err)
	}
	for _, d := range s.Deployments {
		if !d.Booted {
			continue
		}
		if v, _ := d.Meta["fedora-coreos.stream"].(string); v != "" {
			return v, nil
		}
		var image struct {
			Config struct {
				Labels map[string]string `json:"Labels"`
			} `json:"config"`
		}
		if v, _ := d.Meta["ostree.container.image-config"].(string); v != "" && json.Unmarshal([]byte(v), &image) == nil {
			for _, k := range []string{"com.coreos.stream", "fedora-coreos.stream"} {
				if image.Config.Labels[k] != "" {
					return image.Config.Labels[k], nil
				}
			}
		}
		var manifest struct {
			Annotations map[string]string `json:"annotations"`
		}
		if v, _ := d.Meta["ostree.manifest"].(string); v != "" && json.Unmarshal([]byte(v), &manifest) == nil {
			if v := manifest.Annotations["fedora-coreos.stream"]; v != "" {
				return v, nil
			}
		}
		// fedora:fedora/x86_64/coreos/stable
		if i := strings.LastIndexByte(d.Origin, '/'); i >= 0 && i < len(d.Origin)-1 {
			return d.Origin[i+1:], nil
		}
		// ostree-image-signed:docker://quay.io/fedora/fedora-coreos:stable;
		// an image named by its digest (…@sha256:…) has no tag.
		name := d.ImageReference[strings.LastIndexByte(d.ImageReference, '/')+1:]
		if _, tag, ok := strings.Cut(name, ":"); ok && tag != "" && !strings.Contains(name, "@") {
			return tag, nil
		}
		return "", errors.New("rpm-ostree status: the booted deployment names no stream")
	}
	return "", errors.New("rpm-ostree status: no booted deployment")
}
