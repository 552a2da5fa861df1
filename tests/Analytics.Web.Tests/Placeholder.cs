namespace Analytics.Web.Tests;
