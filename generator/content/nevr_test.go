package content

import "testing"

func TestPackageName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"mesa-vulkan-drivers-25.2.7-2.fc43", "mesa-vulkan-drivers"},
		{"mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", "mesa-vulkan-drivers"},
		{"kernel-6.17.7-200.fc43", "kernel"},
		{"shim-x64-16.1-4", "shim-x64"},
		{"grub2-efi-x64-1:2.12-41.fc42", "grub2-efi-x64"},
		{"mesa-vulkan-drivers", "mesa-vulkan-drivers"},
		{"java-21-openjdk", "java-21-openjdk"},
		{"python3", "python3"},
		{"FEDORA-2026-5a1e9c03d2", "FEDORA-2026-5a1e9c03d2"},
		{"FEDORA-EPEL-2026-0d41c7a8b3", "FEDORA-EPEL-2026-0d41c7a8b3"},
		{"43.20261110.3.0", "43.20261110.3.0"},
	} {
		if got := PackageName(tt.in); got != tt.want {
			t.Errorf("PackageName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
