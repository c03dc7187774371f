package rumorlist

// Families numbers the rumors' families: out[i] is rumor i's family, from 1
// in order of first appearance, or 0 when the rumor names none (it is its
// own). Sibling versions of one hoax share a number, so a page's decision
// about one of them can carry to the others (framing.Follow).
func (l *List) Families() []int {
	out := make([]int, len(l.Rumors))
	ids := map[string]int{}
	for i, r := range l.Rumors {
		if r.Family == "" {
			continue
		}
		if ids[r.Family] == 0 {
			ids[r.Family] = len(ids) + 1
		}
		out[i] = ids[r.Family]
	}
	return out
}
