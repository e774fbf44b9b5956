# goal: no finding python-packages-left-behind
# goal: no errors
FROM python:3.8 AS builder

COPY requirements.txt .

# Устанавливаем зависимости в локальный каталог
# (например /root/.local)

RUN pip install --user -r requirements.txt

# Второй шаг, уже без имени

FROM python:3.8-slim

WORKDIR /code

# Копируем только зависимости из образа, полученного на первом шаге

COPY --from=builder /root/.local/bin /root/.local

COPY ./src .

# Устанавливаем переменные окружения

ENV PATH=/root/.local:$PATH

ENV PYTHONUNBUFFERED=1

CMD [ "python", "./server.py" ]
