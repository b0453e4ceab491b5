namespace AiObsStream.Core.Incidents;

/// <summary>
/// The correlator's open incidents: a hash lookup by id, a list kept in ordinal id order for visits, and an index of
/// the open incidents by each deployment and host of their scope.
/// </summary>
/// <remarks>
/// Replaces a <c>SortedDictionary</c>: the correlator visits every open incident several times per settled alert (expiry,
/// the open incident of a cause and scope, confounders), and enumerating a red-black tree walks pointers and allocates
/// its stack on every visit, while a list is a plain array walk. The visit order stays the ordinal id order, so
/// outputs do not change. Inserting costs a binary search and a shift, paid once per incident opened. The scope index
/// answers "the first open incident of this cause whose scope meets these deployments or hosts" (asked for every
/// settled alert) from the few incidents on those names instead of a visit of every open one; it stays exact because
/// an open incident's scope grows only through <see cref="AddDeployment"/> and <see cref="AddHost"/>.
/// </remarks>
internal sealed class OpenIncidentSet
{
    private readonly Dictionary<string, Incident> _byId = new(StringComparer.Ordinal);
    private readonly List<Incident> _ordered = [];
    private readonly Dictionary<string, List<Incident>> _byDeployment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Incident>> _byHost = new(StringComparer.Ordinal);

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
        foreach (var deployment in incident.Deployments)
        {
            Index(_byDeployment, deployment, incident);
        }

        foreach (var host in incident.Hosts)
        {
            Index(_byHost, host, incident);
        }

        return true;
    }

    /// <summary>Removes an incident by id; false when none is open.</summary>
    public bool Remove(string id)
    {
        if (!_byId.Remove(id, out var incident))
        {
            return false;
        }

        _ordered.RemoveAt(IndexOf(id));
        foreach (var deployment in incident.Deployments)
        {
            Unindex(_byDeployment, deployment, incident);
        }

        foreach (var host in incident.Hosts)
        {
            Unindex(_byHost, host, incident);
        }

        return true;
    }

    /// <summary>Removes every incident.</summary>
    public void Clear()
    {
        _byId.Clear();
        _ordered.Clear();
        _byDeployment.Clear();
        _byHost.Clear();
    }

    /// <summary>Adds a deployment to an incident's scope (indexed while the incident is open); false when it had it.</summary>
    public bool AddDeployment(Incident incident, string deployment)
    {
        if (!incident.Deployments.Add(deployment))
        {
            return false;
        }

        if (IsOpen(incident))
        {
            Index(_byDeployment, deployment, incident);
        }

        return true;
    }

    /// <summary>Adds a host to an incident's scope (indexed while the incident is open); false when it had it.</summary>
    public bool AddHost(Incident incident, string host)
    {
        if (!incident.Hosts.Add(host))
        {
            return false;
        }

        if (IsOpen(incident))
        {
            Index(_byHost, host, incident);
        }

        return true;
    }

    /// <summary>
    /// The open incident of <paramref name="cause"/> with the ordinally smallest id whose scope contains one of
    /// <paramref name="deployments"/> or <paramref name="hosts"/> (the one a visit in id order finds first); null when none.
    /// </summary>
    public Incident? FirstInScope(IncidentCause cause, SortedSet<string> deployments, SortedSet<string> hosts)
    {
        Incident? best = null;
        foreach (var deployment in deployments)
        {
            best = FirstOf(_byDeployment, deployment, cause, best);
        }

        foreach (var host in hosts)
        {
            best = FirstOf(_byHost, host, cause, best);
        }

        return best;
    }

    private static Incident? FirstOf(Dictionary<string, List<Incident>> index, string name, IncidentCause cause, Incident? best)
    {
        if (!index.TryGetValue(name, out var list))
        {
            return best;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var incident = list[i];
            if (incident.Cause == cause && (best is null || string.CompareOrdinal(incident.Id, best.Id) < 0))
            {
                best = incident;
            }
        }

        return best;
    }

    private static void Index(Dictionary<string, List<Incident>> index, string name, Incident incident)
    {
        if (!index.TryGetValue(name, out var list))
        {
            index[name] = list = [];
        }

        list.Add(incident);
    }

    private static void Unindex(Dictionary<string, List<Incident>> index, string name, Incident incident)
    {
        if (index.TryGetValue(name, out var list))
        {
            list.Remove(incident);
            if (list.Count == 0)
            {
                index.Remove(name);
            }
        }
    }

    private bool IsOpen(Incident incident) => _byId.TryGetValue(incident.Id, out var open) && ReferenceEquals(open, incident);

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
