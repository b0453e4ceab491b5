namespace AiObsStream.Core.Incidents;

/// <summary>The correlator's open incidents: a hash lookup by id and a list kept in ordinal id order for visits.</summary>
/// <remarks>
/// Replaces a <c>SortedDictionary</c>: the correlator visits every open incident several times per settled alert (expiry,
/// the open incident of a cause and scope, confounders), and enumerating a red-black tree walks pointers and allocates
/// its stack on every visit, while a list is a plain array walk. The visit order stays the ordinal id order, so
/// outputs do not change. Inserting costs a binary search and a shift, paid once per incident opened.
/// </remarks>
internal sealed class OpenIncidentSet
{
    private readonly Dictionary<string, Incident> _byId = new(StringComparer.Ordinal);
    private readonly List<Incident> _ordered = [];

    /// <summary>Open incidents.</summary>
    public int Count => _byId.Count;

    /// <summary>The open incidents in ordinal id order (do not change the set while visiting it).</summary>
    public List<Incident> Values => _ordered;

    /// <summary>Finds an open incident by id.</summary>
    public bool TryGetValue(string id, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Incident incident) =>
        _byId.TryGetValue(id, out incident);

    /// <summary>Whether an incident of this id is open.</summary>
    public bool ContainsKey(string id) => _byId.ContainsKey(id);

    /// <summary>Adds an incident; false (and nothing changes) when its id is already open.</summary>
    public bool TryAdd(Incident incident)
    {
        if (!_byId.TryAdd(incident.Id, incident))
        {
            return false;
        }

        var at = IndexOf(incident.Id);
        _ordered.Insert(~at, incident);
        return true;
    }

    /// <summary>Removes an incident by id; false when none is open.</summary>
    public bool Remove(string id)
    {
        if (!_byId.Remove(id))
        {
            return false;
        }

        _ordered.RemoveAt(IndexOf(id));
        return true;
    }

    /// <summary>Removes every incident.</summary>
    public void Clear()
    {
        _byId.Clear();
        _ordered.Clear();
    }

    /// <summary>Binary search by id: the index when present, else the complement of the insertion point.</summary>
    private int IndexOf(string id)
    {
        var lo = 0;
        var hi = _ordered.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = string.CompareOrdinal(_ordered[mid].Id, id);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
