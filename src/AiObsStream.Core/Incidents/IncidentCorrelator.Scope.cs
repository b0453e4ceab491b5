using AiObsStream.Core.Rules;

namespace AiObsStream.Core.Incidents;

/// <content>An alert's scope (the deployments and hosts it reaches) and the open incidents that meet it.</content>
public sealed partial class IncidentCorrelator
{
    /// <summary>The alert's deployment plus every deployment served from a host that serves it (or from its own host).</summary>
    private SortedSet<string> ScopeDeployments(AlertEvent alert)
    {
        var deployments = new SortedSet<string>(StringComparer.Ordinal);
        if (alert.Deployment.Length > 0)
        {
            deployments.Add(alert.Deployment);
        }

        foreach (var host in ScopeHosts(alert))
        {
            if (_hostDeployments.TryGetValue(host, out var served))
            {
                deployments.UnionWith(served);
            }
        }

        return deployments;
    }

    /// <summary>The alert's host plus every host serving its deployment.</summary>
    private SortedSet<string> ScopeHosts(AlertEvent alert)
    {
        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        if (alert.Host.Length > 0)
        {
            hosts.Add(alert.Host);
        }

        if (alert.Deployment.Length > 0 && _deploymentHosts.TryGetValue(alert.Deployment, out var serving))
        {
            hosts.UnionWith(serving);
        }

        return hosts;
    }

    /// <summary>The open version-regression incident of the alert's deployment and version.</summary>
    private Incident? OpenRegression(AlertEvent alert)
    {
        if (alert.Deployment.Length == 0 || alert.ModelVersion.Length == 0)
        {
            return null;
        }

        foreach (var incident in _open.Values)
        {
            if (incident.Cause == IncidentCause.VersionRegression && incident.Deployments.Contains(alert.Deployment)
                && incident.Versions.Contains(alert.ModelVersion) && incident.AnyFiring)
            {
                return incident;
            }
        }

        return null;
    }

    /// <summary>An open incident of <paramref name="cause"/> on a host that is the alert's or serves its deployment.</summary>
    private Incident? OpenOnHosts(IncidentCause cause, AlertEvent alert)
    {
        var hosts = ScopeHosts(alert);
        if (hosts.Count == 0)
        {
            return null;
        }

        foreach (var incident in _open.Values)
        {
            if (incident.Cause == cause && incident.AnyFiring && Meets(incident.Hosts, hosts))
            {
                return incident;
            }
        }

        return null;
    }

    /// <summary>The open incident of <paramref name="cause"/> whose scope meets the alert's deployments or hosts.</summary>
    private Incident? FindOpen(IncidentCause cause, AlertEvent alert)
    {
        var deployments = ScopeDeployments(alert);
        var hosts = ScopeHosts(alert);
        if (deployments.Count > 0 || hosts.Count > 0)
        {
            return _open.FirstInScope(cause, deployments, hosts); // the first in id order whose scope meets the alert's
        }

        foreach (var incident in _open.Values)
        {
            if (incident.Cause == cause && incident.Deployments.Count == 0 && incident.Hosts.Count == 0)
            {
                return incident;
            }
        }

        return null;
    }

    /// <summary>Whether two sets share an element (SortedSet.Overlaps without its enumerator allocations).</summary>
    private static bool Meets(SortedSet<string> a, SortedSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        if (small.Count == 1)
        {
            return large.Contains(small.Min!); // the common case (one host or deployment), without an enumerator
        }

        foreach (var item in small)
        {
            if (large.Contains(item))
            {
                return true;
            }
        }

        return false;
    }
}
