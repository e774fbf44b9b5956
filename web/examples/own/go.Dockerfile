FROM golang:1.26
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/app .
CMD ["app"]
