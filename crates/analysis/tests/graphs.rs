//! Stage graphs of real multi-stage Dockerfiles, each checked by hand
//! against the file (the expectations below were written from reading it),
//! plus snapshots of the whole simulation.

mod common;

use common::*;
use layerlab_analysis::sim::{EdgeKind, EdgeSource};

struct Expect {
    file: &'static str,
    /// (stage name or index, base as shown) in order.
    stages: &'static [(&'static str, &'static str)],
    /// (from stage, to stage, kind) edges between stages.
    stage_edges: &'static [(usize, usize, EdgeKind)],
    /// Stages built for the default target.
    needed: &'static [usize],
}

const CASES: &[Expect] = &[
    Expect {
        file: "docker-library__golang__1.27__bookworm__Dockerfile.Dockerfile",
        stages: &[("build", "buildpack-deps:bookworm-scm"), ("1", "buildpack-deps:bookworm-scm")],
        stage_edges: &[(0, 1, EdgeKind::CopyFrom)],
        needed: &[0, 1],
    },
    Expect {
        file: "moby__buildkit__examples__create-certs__Dockerfile.Dockerfile",
        stages: &[("gen", "alpine:edge"), ("1", "scratch")],
        stage_edges: &[(0, 1, EdgeKind::CopyFrom)],
        needed: &[0, 1],
    },
    Expect {
        file: "GoogleCloudPlatform__microservices-demo__src__frontend__Dockerfile.Dockerfile",
        stages: &[
            ("builder", "golang:1.26.5-alpine@sha256:0178a641fbb4858c5f1b48e34bdaabe0350a330a1b1149aabd498d0699ff5fb2"),
            ("1", "gcr.io/distroless/static"),
        ],
        stage_edges: &[(0, 1, EdgeKind::CopyFrom)],
        needed: &[0, 1],
    },
    Expect {
        file: "docker__awesome-compose__react-express-mysql__backend__Dockerfile.Dockerfile",
        stages: &[("development", "node:lts"), ("dev-envs", "development")],
        stage_edges: &[(0, 1, EdgeKind::From)],
        needed: &[0, 1],
    },
    Expect {
        file: "nginxinc__docker-nginx__modules__Dockerfile.Dockerfile",
        stages: &[("builder", "nginx:mainline"), ("1", "nginx:mainline")],
        stage_edges: &[(0, 1, EdgeKind::MountFrom)],
        needed: &[0, 1],
    },
    Expect {
        file: "dotnet__dotnet-docker__samples__dotnetapp__Dockerfile.alpine.Dockerfile",
        stages: &[("build", "mcr.microsoft.com/dotnet/sdk:10.0-alpine"), ("1", "mcr.microsoft.com/dotnet/runtime:10.0-alpine")],
        stage_edges: &[(0, 1, EdgeKind::CopyFrom)],
        needed: &[0, 1],
    },
    Expect {
        file: "docker__awesome-compose__fastapi__Dockerfile.Dockerfile",
        stages: &[("builder", "tiangolo/uvicorn-gunicorn-fastapi:python3.9-slim"), ("dev-envs", "builder")],
        stage_edges: &[(0, 1, EdgeKind::From)],
        needed: &[0, 1],
    },
    Expect {
        file: "GoogleCloudPlatform__microservices-demo__src__cartservice__src__Dockerfile.Dockerfile",
        stages: &[
            ("builder", "mcr.microsoft.com/dotnet/sdk:10.0.100-noble@sha256:c7445f141c04f1a6b454181bd098dcfa606c61ba0bd213d0a702489e5bd4cd71"),
            ("1", "mcr.microsoft.com/dotnet/runtime-deps:10.0.0-noble-chiseled@sha256:b857c8cb8d929183cfe4c6dd9994abba92a2639dd2dbaf06005379f815991604"),
        ],
        stage_edges: &[(0, 1, EdgeKind::CopyFrom)],
        needed: &[0, 1],
    },
    Expect {
        file: "docker__buildx__hack__dockerfiles__docs.Dockerfile.Dockerfile",
        stages: &[("docsgen", "golang:1.26-alpine3.23"), ("gen", "alpine:3.23"), ("update", "scratch"), ("validate", "gen")],
        stage_edges: &[(0, 1, EdgeKind::CopyFrom), (1, 2, EdgeKind::CopyFrom), (1, 3, EdgeKind::From)],
        needed: &[0, 1, 3],
    },
    Expect {
        file: "moby__buildkit__hack__dockerfiles__doctoc.Dockerfile.Dockerfile",
        stages: &[("base", "node:24-alpine"), ("doctoc", "base"), ("update", "scratch"), ("validate-toc", "base")],
        stage_edges: &[(0, 1, EdgeKind::From), (1, 2, EdgeKind::CopyFrom), (0, 3, EdgeKind::From), (1, 3, EdgeKind::MountFrom)],
        needed: &[0, 1, 3],
    },
];

#[test]
fn hand_checked_stage_graphs() {
    let dir = shared_dir().join("corpus/real-world");
    for case in CASES {
        let a = run(&read(&dir.join(case.file)), None);
        let sim = &a.simulation;
        let got: Vec<(String, String)> = a
            .report
            .stages
            .iter()
            .map(|s| {
                (
                    s.name.clone().unwrap_or_else(|| s.index.to_string()),
                    s.base.clone(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = case
            .stages
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want, "{}", case.file);
        let mut edges: Vec<(usize, usize, EdgeKind)> = sim
            .edges
            .iter()
            .filter_map(|e| match e.from {
                EdgeSource::Stage { index } => Some((index, e.to, e.kind.clone())),
                _ => None,
            })
            .collect();
        edges.dedup();
        assert_eq!(edges, case.stage_edges.to_vec(), "{}", case.file);
        let needed: Vec<usize> = sim
            .stages
            .iter()
            .filter(|s| s.needed)
            .map(|s| s.index)
            .collect();
        assert_eq!(needed, case.needed.to_vec(), "{}", case.file);
        insta::assert_snapshot!(case.file, render(&a));
    }
}
