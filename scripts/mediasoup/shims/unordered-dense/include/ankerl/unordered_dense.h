// Minimal stand-in for ankerl/unordered_dense.h (not packaged in Debian 12): maps the map/set/hash names the
// mediasoup worker uses onto the standard containers. Slower than the real thing, same semantics for mediasoup's use
// (no reliance on iteration order or on unordered_dense's extra API was found when this was written).
#ifndef GYM_ANKERL_UNORDERED_DENSE_SHIM_H
#define GYM_ANKERL_UNORDERED_DENSE_SHIM_H

#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace ankerl::unordered_dense
{
	template<class T>
	using hash = std::hash<T>;

	template<
	  class Key,
	  class T,
	  class Hash      = std::hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<class Key, class Hash = std::hash<Key>, class KeyEqual = std::equal_to<Key>, class Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif
